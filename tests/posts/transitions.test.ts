import { describe, expect, it } from 'vitest';
import { InvalidTransitionError } from '../../src/domain/errors/index.js';
import { POST_STATES } from '../../src/posts/post.js';
import { assertTransition, canTransition } from '../../src/posts/transitions.js';
import { ALLOWED } from './allowed-transitions.js';


const allowed = new Set(ALLOWED.map(([from, to]) => `${from}>${to}`));

describe('transition table', () => {
  it('allows exactly the documented transitions', () => {
    for (const from of POST_STATES) {
      for (const to of POST_STATES) {
        expect(canTransition(from, to), `${from} → ${to}`).toBe(allowed.has(`${from}>${to}`));
      }
    }
  });

  it('names both states when it refuses', () => {
    const attempt = () => assertTransition('published', 'scheduled');
    expect(attempt).toThrow(InvalidTransitionError);
    expect(attempt).toThrow(/published to scheduled/);
    try {
      attempt();
    } catch (err) {
      expect(err).toMatchObject({ from: 'published', to: 'scheduled' });
    }
  });

  it('treats rejected, cancelled and retracted as final', () => {
    for (const from of ['rejected', 'cancelled', 'retracted'] as const) {
      for (const to of POST_STATES) expect(canTransition(from, to)).toBe(false);
    }
  });
});
