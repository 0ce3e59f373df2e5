import { describe, expect, it } from 'vitest';
import type { ArticleLifecycleApi } from '../../src/lifecycle/lifecycle-types.js';
import { lifecycleOnFirstUse } from '../../src/service/lifecycle-on-first-use.js';

/** A lifecycle whose every method answers with its own name and arguments. */
function recordingLifecycle(): ArticleLifecycleApi {
  const answer = (name: string, ...args: unknown[]) => Promise.resolve({ name, args } as never);
  return {
    handle: (event, by) => answer('handle', event, by),
    retractPost: (postId, by, reason) => answer('retractPost', postId, by, reason),
    retractArticle: (articleId, by, reason) => answer('retractArticle', articleId, by, reason),
    correct: (articleId, text, by) => answer('correct', articleId, text, by),
    article: (articleId) => answer('article', articleId),
  };
}

describe('lifecycleOnFirstUse', () => {
  it('builds nothing until a method is called, then builds once for calls made together and after', async () => {
    let builds = 0;
    const lifecycle = lifecycleOnFirstUse(async () => {
      builds++;
      return recordingLifecycle();
    });
    expect(builds).toBe(0);
    const answers = await Promise.all([
      lifecycle.handle({ kind: 'withdraw', articleId: 'a-1', status: 'deleted' }, 'ghost'),
      lifecycle.retractPost('p-1', 'editor:alice', 'wrong photo'),
      lifecycle.retractArticle('a-1', 'editor:alice', 'legal'),
      lifecycle.correct('a-1', 'The date was wrong.', 'editor:alice'),
    ]);
    expect(await lifecycle.article('a-1')).toEqual({ name: 'article', args: ['a-1'] });
    expect(builds).toBe(1);
    expect(answers).toEqual([
      { name: 'handle', args: [{ kind: 'withdraw', articleId: 'a-1', status: 'deleted' }, 'ghost'] },
      { name: 'retractPost', args: ['p-1', 'editor:alice', 'wrong photo'] },
      { name: 'retractArticle', args: ['a-1', 'editor:alice', 'legal'] },
      { name: 'correct', args: ['a-1', 'The date was wrong.', 'editor:alice'] },
    ]);
  });
});
