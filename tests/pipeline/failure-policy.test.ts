import { describe, expect, it } from 'vitest';
import {
  AmbiguousOutcomeError,
  AuthError,
  ContentRejectedError,
  DeliveryError,
  DrainingError,
  DuplicatePostError,
  RateLimitedError,
  TransientError,
  UnconfirmedPartError,
} from '../../src/domain/errors/index.js';
import { failureAction } from '../../src/pipeline/failure-policy.js';

describe('failureAction decides by class', () => {
  it('retries what may succeed as is, and what the adapter reconciles', () => {
    expect(failureAction(new TransientError('503'))).toEqual({ kind: 'retry' });
    expect(failureAction(new AmbiguousOutcomeError('timeout after sending'))).toEqual({ kind: 'retry' });
  });

  it('waits for a rate limit without failing', () => {
    const resetAt = new Date('2030-01-01T00:00:00Z');
    expect(failureAction(new RateLimitedError('429', resetAt))).toEqual({ kind: 'rate-limited', resetAt });
  });

  it('hands the thread back when the worker drains', () => {
    expect(failureAction(new DrainingError('draining'))).toEqual({ kind: 'drain' });
  });

  it('fails at once what retrying cannot fix, including a part only an editor can confirm', () => {
    for (const error of [
      new AuthError('401'),
      new ContentRejectedError('too long'),
      new DuplicatePostError('duplicate, not found'),
      new UnconfirmedPartError('may have been posted'),
      new DeliveryError('unmapped'),
      new Error('a bug'),
      'not even an error',
    ]) {
      expect(failureAction(error)).toEqual({ kind: 'fail' });
    }
  });
});
