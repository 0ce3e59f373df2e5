import { createHash } from 'node:crypto';
import type { PostState } from './post.js';

/**
 * Where post data lives in Redis, all under one prefix (tests use a random one):
 *   post:<id>               hash { record: JSON PostRecord, version }
 *   post:<id>:history       list of JSON Transition, oldest first
 *   posts:all               } lexicographic sorted sets (all scores 0) of `<newest-first key>|<id>`
 *   posts:state:<state>     } so that listing is newest first and a cursor is just the last member
 *   posts:article:<hash>    }
 *   accepted:<hash>         JSON array of the post ids created for one (article, revision)
 *   ledger:<id>             hash of the post's delivery ledger (see redis-ledger.ts)
 *   retraction:<id>         hash of the parts deleted while retracting the post (see retraction-ledger.ts)
 *   article:<hash>          hash: the article's latest accepted version and status (see article-store.ts)
 *   article:<hash>:log      list of JSON revision entries, oldest first
 *   article:<hash>:lock     short lock that serialises one article's events
 * Article ids come from the CMS and may contain anything, so keys use a hash of them.
 */
export class PostKeys {
  constructor(readonly prefix: string) {}

  post(id: string): string {
    return `${this.prefix}post:${id}`;
  }

  history(id: string): string {
    return `${this.prefix}post:${id}:history`;
  }

  all(): string {
    return `${this.prefix}posts:all`;
  }

  byState(state: PostState): string {
    return `${this.prefix}posts:state:${state}`;
  }

  byArticle(articleId: string): string {
    return `${this.prefix}posts:article:${digest(articleId)}`;
  }

  accepted(articleId: string, revision: string): string {
    return `${this.prefix}accepted:${digest(JSON.stringify([articleId, revision]))}`;
  }

  ledger(id: string): string {
    return `${this.prefix}ledger:${id}`;
  }

  retraction(id: string): string {
    return `${this.prefix}retraction:${id}`;
  }

  article(articleId: string): string {
    return `${this.prefix}article:${digest(articleId)}`;
  }

  articleLog(articleId: string): string {
    return `${this.article(articleId)}:log`;
  }

  articleLock(articleId: string): string {
    return `${this.article(articleId)}:lock`;
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

const NEWEST_FIRST_MAX = 9_999_999_999_999;

/**
 * Index member for a post: the creation time counted down, zero-padded, so plain lexicographic order
 * is newest first and ties (one article's posts share a timestamp) break by id, stably.
 */
export function indexMember(createdAt: string, id: string): string {
  const countdown = NEWEST_FIRST_MAX - Date.parse(createdAt);
  return `${String(countdown).padStart(13, '0')}|${id}`;
}

export function idFromIndexMember(member: string): string {
  return member.slice(member.indexOf('|') + 1);
}
