import type { $Typed, AppBskyEmbedExternal, AppBskyFeedPost, AppBskyRichtextFacet, ComAtprotoRepoStrongRef } from '@atproto/api';

export const POST_COLLECTION = 'app.bsky.feed.post';

export interface StrongRef {
  uri: string;
  cid: string;
}

export interface PostRecordInput {
  text: string;
  createdAt: string;
  language?: string;
  facets?: AppBskyRichtextFacet.Main[];
  /** Root and parent of a thread reply; absent for the first part. */
  reply?: { root: StrongRef; parent: StrongRef };
  embed?: $Typed<AppBskyEmbedExternal.Main>;
}

function strongRef(ref: StrongRef): ComAtprotoRepoStrongRef.Main {
  return { uri: ref.uri, cid: ref.cid };
}

/** An app.bsky.feed.post record; optional fields are left out rather than set to undefined, so the record's CID is stable. */
export function buildPostRecord(input: PostRecordInput): AppBskyFeedPost.Record {
  const record: AppBskyFeedPost.Record = {
    $type: POST_COLLECTION,
    text: input.text,
    createdAt: input.createdAt,
  };
  if (input.language) record.langs = [input.language];
  if (input.facets && input.facets.length > 0) record.facets = input.facets;
  if (input.reply) record.reply = { root: strongRef(input.reply.root), parent: strongRef(input.reply.parent) };
  if (input.embed) record.embed = input.embed;
  return record;
}
