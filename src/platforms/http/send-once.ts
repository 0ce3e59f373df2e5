import { randomUUID } from 'node:crypto';
import type { DeliveryLedger, JsonObject, LedgerEntry } from '../../domain/delivery.js';
import { AmbiguousOutcomeError, UnconfirmedPartError } from '../../domain/errors/index.js';
import { tag } from './status-errors.js';

/**
 * For platforms that offer neither idempotency keys nor a way to look up what was posted (Telegram,
 * Discord and Slack webhooks, LinkedIn here): a part is marked in flight in the ledger before it is
 * sent, and the mark is released when the platform definitely refused it. A mark still set on the next
 * attempt means that attempt's outcome is unknown (timeout, crash), and sending again could post it twice.
 */
export async function sendOnce<T>(
  ledger: DeliveryLedger,
  entry: LedgerEntry | undefined,
  index: number,
  platform: string,
  send: () => Promise<T>,
): Promise<T> {
  if (entry?.prepared?.inFlight === true) throw inFlightError(platform, index);
  const marked: JsonObject = { inFlight: true, attempt: randomUUID(), at: new Date().toISOString() };
  const stored = await ledger.prepare(index, marked);
  // prepare keeps the first entry: another attempt that got there between entries() and now owns the part.
  if (stored.attempt !== marked.attempt) throw inFlightError(platform, index);
  try {
    return await send();
  } catch (err) {
    // Only an answer from the platform (or a failure to connect) proves nothing was posted.
    if (!(err instanceof AmbiguousOutcomeError)) await ledger.release(index);
    throw err;
  }
}

function inFlightError(platform: string, index: number): UnconfirmedPartError {
  return tag(
    new UnconfirmedPartError(
      `${platform} part ${index}: an earlier attempt may have been posted; an editor must check the platform before retrying`,
    ),
    { platform, partIndex: index },
  );
}
