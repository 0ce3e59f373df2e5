import type { PostRecord, PostState, Transition } from '../posts/post.js';
import type { EditorClient } from './editor-client.js';

/** States a post stays in without someone acting (pending_review waits for an editor, so it is not one). */
export const SETTLED_STATES: readonly PostState[] = ['published', 'failed', 'partially_published', 'rejected', 'cancelled', 'retracted'];

export interface Change {
  post: PostRecord;
  transition: Transition;
}

/**
 * Follows posts through the editor API and hands over every transition once, oldest first, from
 * each post's history: a post that went scheduled → publishing → published between two looks
 * still shows all three steps.
 */
export class PostWatcher {
  private readonly seen = new Map<string, { version: number; shown: number }>();

  constructor(
    private readonly client: EditorClient,
    private readonly onChange: (change: Change) => void,
  ) {}

  async poll(articleId?: string): Promise<PostRecord[]> {
    const posts = await this.client.posts(articleId);
    const changes: Change[] = [];
    for (const post of posts) {
      const known = this.seen.get(post.id);
      if (known?.version === post.version) continue;
      const history = await this.client.history(post.id);
      for (const transition of history.slice(known?.shown ?? 0)) changes.push({ post, transition });
      this.seen.set(post.id, { version: post.version, shown: history.length });
    }
    changes.sort((a, b) => a.transition.at.localeCompare(b.transition.at));
    for (const change of changes) this.onChange(change);
    return posts;
  }
}
