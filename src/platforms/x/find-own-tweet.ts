import type { TweetV2, TweetV2UserTimelineResult, TwitterApi } from 'twitter-api-v2';
import { UnconfirmedPartError } from '../../domain/errors/index.js';
import { sameTweetText } from './match-text.js';

export interface OwnTweetQuery {
  userId: string;
  text: string;
  /** The tweet it must reply to; undefined means it must not be a reply. */
  inReplyTo: string | undefined;
  /** The part's first attempt, less the allowance for clock difference: the window starts here. */
  since: Date;
  /** Tweets already recorded for other parts, which must not be claimed twice. */
  exclude: ReadonlySet<string>;
}

/**
 * The user timeline serves at most the 3,200 most recent tweets, 100 a page. A window with more
 * than that since the attempt cannot be searched to its start.
 */
const MAX_PAGES = 32;

/**
 * Looks through the account's own tweets (GET /2/users/:id/tweets) for one that is the given part:
 * same text as X stores it, same reply target, posted since `since`. Returns its id, or undefined
 * once the whole window from `since` to now has been read without finding it.
 *
 * The window is bounded by time, not by a page count: during a backlog the account may post
 * thousands of tweets after the attempt, and stopping early would report "not there" for a tweet
 * that is, and the retry would post it again. A window too large to read without a match ends in
 * UnconfirmedPartError (an editor decides), never in "not found".
 */
export async function findOwnTweet(client: TwitterApi, query: OwnTweetQuery): Promise<string | undefined> {
  let paginationToken: string | undefined;
  let match: string | undefined;
  for (let page = 0; ; page++) {
    if (page === MAX_PAGES) {
      // A copy found is proof enough that it went out; only "not found" needs the whole window.
      if (match !== undefined) return match;
      throw new UnconfirmedPartError(
        `X: more than ${MAX_PAGES * 100} tweets since ${query.since.toISOString()}; cannot tell whether an earlier attempt was posted`,
      );
    }
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
