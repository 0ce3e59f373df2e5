import { describe, expect, it } from 'vitest';
import { sendOnce } from '../../../src/platforms/http/send-once.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import type { LedgerEntry } from '../../../src/domain/delivery.js';
import { AmbiguousOutcomeError, RateLimitedError } from '../../../src/domain/errors/index.js';
import { expectRejects } from './expect-error.js';

describe('sendOnce', () => {
  it('marks the part in flight before sending', async () => {
    const ledger = new MemoryLedger();
    let seen: LedgerEntry | undefined;
    await sendOnce(ledger, undefined, 0, 'slack', async () => {
      seen = (await ledger.entries()).get(0);
    });
    expect(seen?.prepared?.inFlight).toBe(true);
  });

  it('releases the mark after a definite refusal, so the retry sends', async () => {
    const ledger = new MemoryLedger();
    await expectRejects(sendOnce(ledger, undefined, 0, 'slack', () => Promise.reject(new RateLimitedError('later', new Date()))), RateLimitedError);
    expect((await ledger.entries()).get(0)?.prepared).toBeUndefined();
    let sent = 0;
    await sendOnce(ledger, (await ledger.entries()).get(0), 0, 'slack', async () => {
      sent++;
    });
    expect(sent).toBe(1);
  });

  it('keeps the mark after an ambiguous outcome, and refuses the retry', async () => {
    const ledger = new MemoryLedger();
    await expectRejects(sendOnce(ledger, undefined, 0, 'slack', () => Promise.reject(new AmbiguousOutcomeError('lost'))), AmbiguousOutcomeError, 'lost');
    let sent = 0;
    await expectRejects(
      sendOnce(ledger, (await ledger.entries()).get(0), 0, 'slack', async () => {
        sent++;
      }),
      AmbiguousOutcomeError,
      'slack part 0: an earlier attempt may have been posted; an editor must check the platform before retrying',
    );
    expect(sent).toBe(0);
  });

  it('refuses when another attempt prepared the part after this one read the ledger', async () => {
    const ledger = new MemoryLedger();
    await ledger.prepare(0, { inFlight: true, attempt: 'other' });
    let sent = 0;
    await expectRejects(
      sendOnce(ledger, undefined, 0, 'discord', async () => {
        sent++;
      }),
      AmbiguousOutcomeError,
    );
    expect(sent).toBe(0);
  });
});
