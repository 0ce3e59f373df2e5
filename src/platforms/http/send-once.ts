import type { DeliveryLedger, JsonObject, LedgerEntry } from '../../domain/delivery.js';
import { AmbiguousOutcomeError } from '../../domain/errors/index.js';
import { tag } from './status-errors.js';

/**
 * For platforms that offer neither idempotency keys nor a way to look up what was posted (Telegram,
 * Discord and Slack webhooks, LinkedIn here): a part is marked in flight in the ledger before it is
 * sent, and unmarked when the platform definitely refused it. A mark still set on the next attempt
 * means that attempt's outcome is unknown (timeout, crash), and sending again could post it twice.
 */
export async function sendOnce<T>(
  ledger: DeliveryLedger,
  entry: LedgerEntry | undefined,
  index: number,
  platform: string,
  send: () => Promise<T>,
): Promise<T> {
  if (entry?.prepared?.inFlight === true) {
    throw tag(
      new AmbiguousOutcomeError(
        `${platform} part ${index}: an earlier attempt may have been posted; an editor must check the platform before retrying`,
      ),
      { platform, partIndex: index },
    );
  }
  const marked: JsonObject = { inFlight: true, at: new Date().toISOString() };
  await ledger.prepare(index, marked);
  try {
    return await send();
  } catch (err) {
    // Only an answer from the platform (or a failure to connect) proves nothing was posted.
    if (!(err instanceof AmbiguousOutcomeError)) await ledger.prepare(index, { inFlight: false });
    throw err;
  }
}
