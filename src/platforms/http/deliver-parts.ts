import type { DeliveredPart, DeliveryLedger, DeliveryResult, LedgerEntry } from '../../domain/delivery.js';
import type { Draft, DraftPart } from '../../domain/draft.js';
import type { PlatformId } from '../../domain/platform.js';

export interface PartToSend {
  index: number;
  part: DraftPart;
  /** The part this one follows (reply target); undefined for the first part. */
  previous: DeliveredPart | undefined;
  entry: LedgerEntry | undefined;
}

/**
 * The ledger walk every adapter shares: parts recorded as delivered are skipped (and become the
 * reply target), each new part is recorded the moment the platform accepts it, before the next one.
 */
export async function deliverParts(
  draft: Draft,
  ledger: DeliveryLedger,
  platform: PlatformId,
  sendPart: (p: PartToSend) => Promise<DeliveredPart>,
): Promise<DeliveryResult> {
  const entries = await ledger.entries();
  const delivered: DeliveredPart[] = [];
  // A correction's first part replies to the post that went out.
  let previous: DeliveredPart | undefined = draft.replyTo?.parent;
  for (const [index, part] of draft.parts.entries()) {
    const entry = entries.get(index);
    if (entry?.delivered) {
      previous = entry.delivered;
      delivered.push(entry.delivered);
      continue;
    }
    const done = await sendPart({ index, part, previous, entry });
    await ledger.delivered(done);
    delivered.push(done);
    previous = done;
  }
  return { platform, account: draft.account, parts: delivered, url: delivered[0]?.url };
}
