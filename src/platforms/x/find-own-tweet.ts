import type { TweetV2, TweetV2UserTimelineResult, TwitterApi } from 'twitter-api-v2';
import { sameTweetText } from './match-text.js';

export interface OwnTweetQuery {
  userId: string;
  text: string;
  /** The tweet it must reply to; undefined means it must not be a reply. */
  inReplyTo: string | undefined;
  since: Date;
  /** Tweets already recorded for other parts, which must not be claimed twice. */
  exclude: ReadonlySet<string>;
}

/** A few pages cover any plausible burst of posting by one newsroom account since the attempt. */
const MAX_PAGES = 5;

/**
 * Looks through the account's own recent tweets (GET /2/users/:id/tweets) for one that is the
 * given part: same text as X stores it, same reply target, posted since `since`. Returns its id.
 */
export async function findOwnTweet(client: TwitterApi, query: OwnTweetQuery): Promise<string | undefined> {
  let paginationToken: string | undefined;
  let match: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result: TweetV2UserTimelineResult = await client.v2.get(
      'users/:id/tweets',
      {
        max_results: 100,
        start_time: xTimestamp(query.since),
        'tweet.fields': 'created_at,referenced_tweets,text',
        ...(paginationToken ? { pagination_token: paginationToken } : {}),
      },
      { params: { id: query.userId } },
    );
    // Newest first: keep overwriting so the oldest match wins, i.e. the first copy posted.
    for (const tweet of result.data ?? []) {
      if (isThePart(tweet, query)) match = tweet.id;
    }
    paginationToken = result.meta?.next_token;
    if (!paginationToken) break;
  }
  return match;
}

function isThePart(tweet: TweetV2, query: OwnTweetQuery): boolean {
  if (query.exclude.has(tweet.id)) return false;
  if (!sameTweetText(tweet.text, query.text)) return false;
  const repliedTo = tweet.referenced_tweets?.find((ref) => ref.type === 'replied_to')?.id;
  return repliedTo === query.inReplyTo;
}

/** X wants RFC 3339 with second precision (YYYY-MM-DDTHH:mm:ssZ). */
function xTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
