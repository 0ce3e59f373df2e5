import { describe, expect, it } from 'vitest';
import type { DeliveredPart } from '../../../src/domain/delivery.js';
import { TransientError } from '../../../src/domain/errors/index.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { failureAction } from '../../../src/pipeline/failure-policy.js';
import { deliverParts } from '../../../src/platforms/http/deliver-parts.js';
import { draft } from '../../helpers/builders.js';

describe('deliverParts', () => {
  it('stopped between parts, it records what went out and says a retry is safe', async () => {
    const controller = new AbortController();
    const ledger = new MemoryLedger();
    const sent: number[] = [];
    const error = await deliverParts(
      draft('mastodon', { texts: ['one', 'two', 'three'] }),
      ledger,
      'mastodon',
      async ({ index }): Promise<DeliveredPart> => {
        sent.push(index);
        if (index === 0) controller.abort(new Error('shutting down'));
        return { index, remoteId: `status-${index}` };
      },
      controller.signal,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).message).toBe('stopped before part 2 of 3; nothing of it was sent');
    expect((error as TransientError).partIndex).toBe(1);
    expect(failureAction(error)).toEqual({ kind: 'retry' });
    expect(sent).toEqual([0]);
    expect([...(await ledger.entries()).keys()]).toEqual([0]);
  });

  it('resumes after the recorded parts, replying to the last one', async () => {
    const ledger = new MemoryLedger();
    await ledger.delivered({ index: 0, remoteId: 'status-0' });
    const previous: (string | undefined)[] = [];
    const result = await deliverParts(draft('mastodon', { texts: ['one', 'two'] }), ledger, 'mastodon', async ({ index, previous: before }) => {
      previous.push(before?.remoteId);
      return { index, remoteId: `status-${index}` };
    });
    expect(previous).toEqual(['status-0']);
    expect(result.parts.map((p) => p.remoteId)).toEqual(['status-0', 'status-1']);
  });
});
