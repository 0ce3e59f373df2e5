import { randomUUID } from 'node:crypto';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject } from '../../domain/delivery.js';
import type { Draft } from '../../domain/draft.js';
import { ConfigError, UnconfirmedPartError, UnsupportedOperationError } from '../../domain/errors/index.js';
import { isPlatformId, type PlatformId } from '../../domain/platform.js';
import type { PlatformAdapter } from '../adapter.js';
import { deliverParts } from '../http/deliver-parts.js';
import { requireText } from '../http/options.js';
import { appendOnce, hasLine } from './outbox-file.js';
import type { OutboxPartLine, OutboxRetractionLine } from './outbox-line.js';
import { outboxPaths, outboxUrl, type OutboxPaths } from './outbox-paths.js';
import { partMarker, previewOfPart, previewOfRetraction, retractionMarker } from './preview.js';

export interface OutboxAdapterOptions {
  /** The platform whose post this account composes; the outbox stands in for its network call. */
  platform: PlatformId;
  account: string;
  /** OUTBOX_DIR. */
  dir: string;
  now?: () => Date;
}

const REFERENCE = /^outbox_[0-9a-f-]{36}$/;

function referenceIn(prepared: JsonObject | void | undefined): string | undefined {
  const id = prepared?.outboxId;
  return typeof id === 'string' && REFERENCE.test(id) ? id : undefined;
}

/**
 * Delivers to files instead of a platform (DELIVERY_MODE=outbox, or an account with
 * `"delivery": "outbox"`): each part becomes a line in `<dir>/<platform>.jsonl` and a block in
 * `<dir>/<platform>.txt`. It walks the ledger like every adapter, so states, retries and the
 * lifecycle behave as in production.
 * Retry safety: the part's reference is stored in the ledger before its line is written, as
 * Mastodon's idempotency key is; a retry of a part that has one looks for it in the file first, so a
 * crash between writing the line and recording it never writes the part twice.
 */
export class OutboxAdapter implements PlatformAdapter {
  readonly platform: PlatformId;
  readonly account: string;
  private readonly paths: OutboxPaths;
  private readonly now: () => Date;

  constructor(options: OutboxAdapterOptions) {
    if (!isPlatformId(options.platform)) throw new ConfigError('outbox adapter: option platform must be a platform id');
    this.platform = options.platform;
    this.account = requireText(options.account, 'account', 'outbox');
    this.paths = outboxPaths(requireText(options.dir, 'dir', 'outbox'), this.platform);
    this.now = options.now ?? (() => new Date());
  }

  async post(draft: Draft, ledger: DeliveryLedger): Promise<DeliveryResult> {
    return deliverParts(draft, ledger, this.platform, async ({ index, part, previous, entry }) => {
      const id = await this.reference(ledger, index, entry?.prepared);
      // A later part, or a correction's first part (which replies to the post that went out), joins its thread.
      const joined = typeof previous?.ref?.thread === 'string' ? previous.ref.thread : index === 0 ? draft.replyTo?.root.remoteId : undefined;
      const thread = joined ?? id.value;
      const line: OutboxPartLine = {
        type: 'part',
        id: id.value,
        at: this.now().toISOString(),
        platform: this.platform,
        account: this.account,
        article: draft.articleId,
        part: index,
        parts: draft.parts.length,
        thread,
        ...(previous ? { replyTo: previous.remoteId } : {}),
        text: part.text,
        length: part.length,
        limit: part.limit,
        ...(draft.language ? { language: draft.language } : {}),
        ...(index === 0 ? { media: draft.media, link: draft.link } : {}),
      };
      await this.write(line, id.mayBeWritten);
      return { index, remoteId: line.id, url: outboxUrl(this.paths, line.id), ref: { thread: line.thread } };
    });
  }

  /** Records the retraction once; a part retracted before counts as retracted. */
  async delete(part: DeliveredPart): Promise<void> {
    if (!REFERENCE.test(part.remoteId)) {
      throw new UnsupportedOperationError(
        `outbox: ${this.platform} part ${part.index} (${part.remoteId}) went out live, not to the outbox; retract it with DELIVERY_MODE=live`,
      );
    }
    const line: OutboxRetractionLine = {
      type: 'retraction',
      id: part.remoteId,
      at: this.now().toISOString(),
      platform: this.platform,
      account: this.account,
      part: part.index,
    };
    const entry = { text: `${JSON.stringify(line)}\n`, path: this.paths.lines, present: hasLine('retraction', line.id), check: true };
    await appendOnce(entry, this.platform, part.index);
    await appendOnce(
      { path: this.paths.preview, text: previewOfRetraction(line), present: (t) => t.includes(retractionMarker(line.id)), check: true },
      this.platform,
      part.index,
    );
  }

  /**
   * The part's reference: the one an earlier attempt stored, or a fresh one stored now. Only a
   * reference that existed before this attempt can already be in the file.
   */
  private async reference(ledger: DeliveryLedger, index: number, prepared: JsonObject | undefined): Promise<{ value: string; mayBeWritten: boolean }> {
    if (prepared !== undefined) {
      const earlier = referenceIn(prepared);
      if (earlier) return { value: earlier, mayBeWritten: true };
      throw this.startedElsewhere(index);
    }
    const fresh = `outbox_${randomUUID()}`;
    const stored: JsonObject | void = await ledger.prepare(index, { outboxId: fresh });
    const value = stored === undefined ? fresh : referenceIn(stored);
    if (!value) throw this.startedElsewhere(index);
    // Another attempt stored its reference between our read and our write: it may have written the line.
    return { value, mayBeWritten: value !== fresh };
  }

  /** A part an earlier live attempt began (DELIVERY_MODE switched mid-post): whether it went out is for an editor to check. */
  private startedElsewhere(index: number): Error {
    const error = new UnconfirmedPartError(
      `outbox: ${this.platform} part ${index} was started by live delivery before the switch to the outbox; check ${this.platform} before retrying`,
    );
    error.platform = this.platform;
    error.partIndex = index;
    return error;
  }

  private async write(line: OutboxPartLine, check: boolean): Promise<void> {
    await appendOnce({ path: this.paths.lines, text: `${JSON.stringify(line)}\n`, present: hasLine('part', line.id), check }, this.platform, line.part);
    await appendOnce(
      { path: this.paths.preview, text: previewOfPart(line), present: (t) => t.includes(partMarker(line.id)), check },
      this.platform,
      line.part,
    );
  }
}
