import type { PostRecord, Transition } from '../posts/post.js';

/** The editor API as the demo reads it: what a social editor's tools see. */
export class EditorClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  private async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, { headers: { authorization: `Bearer ${this.token}`, 'x-editor': 'demo' } });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  /** Newest first; at most 500 (the demo's own prefix holds only what it published). */
  async posts(articleId?: string): Promise<PostRecord[]> {
    const query = new URLSearchParams({ limit: '500' });
    if (articleId !== undefined) query.set('article', articleId);
    return (await this.get<{ posts: PostRecord[] }>(`/v1/posts?${query}`)).posts;
  }

  async history(postId: string): Promise<Transition[]> {
    return (await this.get<{ history: Transition[] }>(`/v1/posts/${encodeURIComponent(postId)}`)).history;
  }
}
