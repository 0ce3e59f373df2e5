import type { DeliveredPart, DeliveryLedger, DeliveryResult, LedgerEntry } from '../../domain/delivery.js';
import type { Draft, DraftPart } from '../../domain/draft.js';
import { TransientError } from '../../domain/errors/index.js';
import type { PlatformId } from '../../domain/platform.js';

export interface PartToSend {
  index: number;
  part: DraftPart;
  /** The part this one follows (reply target); undefined for the first part of a new post. */
  previous: DeliveredPart | undefined;
  /** The thread's first part (Bluesky's reply root): this post's first part, or the one a correction replies under. */
  root: DeliveredPart | undefined;
  /** The parts of this post that went out before this one, in order. */
  earlier: readonly DeliveredPart[];
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
  signal?: AbortSignal,
): Promise<DeliveryResult> {
  const entries = await ledger.entries();
  const delivered: DeliveredPart[] = [];
  // A correction's first part replies to the post that went out, inside its thread.
  let previous: DeliveredPart | undefined = draft.replyTo?.parent;
  const rootOf = (): DeliveredPart | undefined => draft.replyTo?.root ?? delivered[0];
  for (const [index, part] of draft.parts.entries()) {
    const entry = entries.get(index);
    if (entry?.delivered) {
      previous = entry.delivered;
      delivered.push(entry.delivered);
      continue;
    }
    // Stopped between parts: nothing of this part was sent, so a retry is safe (the class says so;
    // a bare AbortError would read as permanent). An abort during a request is the request's to class.
    if (signal?.aborted) throw Object.assign(new TransientError(`stopped before part ${index + 1} of ${draft.parts.length}; nothing of it was sent`), { platform, partIndex: index });
    const done = await sendPart({ index, part, previous, root: rootOf(), earlier: [...delivered], entry });
    await ledger.delivered(done);
    delivered.push(done);
    previous = done;
  }
  return { platform, account: draft.account, parts: delivered, url: delivered[0]?.url };
}
