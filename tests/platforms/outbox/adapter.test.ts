import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveredPart, DeliveryLedger, JsonObject } from '../../../src/domain/delivery.js';
import { ConfigError, UnconfirmedPartError, UnsupportedOperationError } from '../../../src/domain/errors/index.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { OutboxAdapter } from '../../../src/platforms/outbox/adapter.js';
import { readOutboxLines } from '../../../src/platforms/outbox/outbox-file.js';
import type { OutboxPartLine } from '../../../src/platforms/outbox/outbox-line.js';
import { storyDraft } from '../../helpers/builders.js';
import { expectRejects } from '../http/expect-error.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crier-outbox-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const at = new Date('2026-12-01T10:00:00Z');
const adapter = (account = 'default', platform: 'x' | 'mastodon' = 'x') => new OutboxAdapter({ platform, account, dir, now: () => at });
const partLines = async (platform = 'x') => (await readOutboxLines(join(dir, `${platform}.jsonl`))).filter((l): l is OutboxPartLine => l.type === 'part');

/** A ledger that loses the record of one part once, as a worker killed between writing the line and recording it would. */
class CrashOnceLedger extends MemoryLedger {
  private crashed = false;
  constructor(private readonly crashAt: number) {
    super();
  }
  override async delivered(part: DeliveredPart): Promise<void> {
    if (part.index === this.crashAt && !this.crashed) {
      this.crashed = true;
      throw new Error('worker killed');
    }
    await super.delivered(part);
  }
}

describe('OutboxAdapter', () => {
  it('writes each part as a JSON line and a readable block, chained as a thread, with outbox references', async () => {
    const ledger = new MemoryLedger();
    const draft = { ...storyDraft('x', ['Beijing backs Islamabad. 1/3', 'The corridor. 2/3', 'What next. 3/3']), language: 'en' };
    const result = await adapter().post(draft, ledger);

    const lines = await partLines();
    expect(lines.map((l) => l.text)).toEqual(['Beijing backs Islamabad. 1/3', 'The corridor. 2/3', 'What next. 3/3']);
    expect(lines.map((l) => l.id)).toEqual(result.parts.map((p) => p.remoteId));
    for (const id of lines.map((l) => l.id)) expect(id).toMatch(/^outbox_[0-9a-f-]{36}$/);
    expect(lines.map((l) => l.thread)).toEqual([lines[0]!.id, lines[0]!.id, lines[0]!.id]);
    expect(lines.map((l) => l.replyTo)).toEqual([undefined, lines[0]!.id, lines[1]!.id]);
    expect(lines[0]).toMatchObject({
      platform: 'x',
      account: 'default',
      article: 'sad-2025-08-25-beijing-islamabad',
      part: 0,
      parts: 3,
      at: at.toISOString(),
      language: 'en',
      media: draft.media,
      link: draft.link,
    });
    expect(lines[1]!.media).toBeUndefined();

    // The URL points at the part's line in the platform's file.
    const url = new URL(result.url!);
    expect(fileURLToPath(url)).toBe(join(dir, 'x.jsonl'));
    expect(url.hash).toBe(`#${lines[0]!.id}`);
    expect([...(await ledger.entries()).values()].map((e) => e.delivered?.remoteId)).toEqual(lines.map((l) => l.id));

    const preview = readFileSync(join(dir, 'x.txt'), 'utf8');
    expect(preview).toContain('== x/default · sad-2025-08-25-beijing-islamabad · part 1 of 3');
    expect(preview).toContain('The corridor. 2/3');
    expect(preview).toContain('image: https://example.com/media/cpec.jpg — alt: Leaders shake hands in Beijing');
  });

  it('never writes a part twice when a worker died between writing it and recording it', async () => {
    const ledger = new CrashOnceLedger(1);
    const draft = storyDraft('x', ['one', 'two', 'three']);
    await expect(adapter().post(draft, ledger)).rejects.toThrow('worker killed');
    expect((await partLines()).map((l) => l.text)).toEqual(['one', 'two']);

    const result = await adapter().post(draft, ledger);
    const lines = await partLines();
    expect(lines.map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect(result.parts.map((p) => p.remoteId)).toEqual(lines.map((l) => l.id));
    expect(lines[2]!.replyTo).toBe(lines[1]!.id);
    expect(readFileSync(join(dir, 'x.txt'), 'utf8').match(/\[part outbox_/g)).toHaveLength(3);

    // A third run finds everything recorded and writes nothing.
    await adapter().post(draft, ledger);
    expect(await partLines()).toHaveLength(3);
  });

  it('keeps the lines of accounts sharing a platform whole when they write at once', async () => {
    const texts = Array.from({ length: 20 }, (_, i) => `${'long text '.repeat(200)}${i}`);
    await Promise.all(
      ['news', 'sport', 'politics'].map((account) => adapter(account).post({ ...storyDraft('x', texts), account }, new MemoryLedger())),
    );
    const raw = readFileSync(join(dir, 'x.jsonl'), 'utf8').trimEnd().split('\n');
    expect(raw).toHaveLength(60);
    const lines = await partLines();
    expect(lines).toHaveLength(60);
    for (const account of ['news', 'sport', 'politics']) {
      expect(lines.filter((l) => l.account === account).map((l) => l.part)).toEqual(texts.map((_, i) => i));
    }
  });

  it('records a retraction once, however often the part is deleted', async () => {
    const ledger = new MemoryLedger();
    const result = await adapter().post(storyDraft('x', ['one', 'two']), ledger);
    await adapter().delete(result.parts[1]!);
    await adapter().delete(result.parts[1]!);
    await adapter().delete(result.parts[0]!);
    const retractions = (await readOutboxLines(join(dir, 'x.jsonl'))).filter((l) => l.type === 'retraction');
    expect(retractions).toEqual([
      { type: 'retraction', id: result.parts[1]!.remoteId, at: at.toISOString(), platform: 'x', account: 'default', part: 1 },
      { type: 'retraction', id: result.parts[0]!.remoteId, at: at.toISOString(), platform: 'x', account: 'default', part: 0 },
    ]);
    expect(readFileSync(join(dir, 'x.txt'), 'utf8').match(/\[retracted outbox_/g)).toHaveLength(2);
  });

  it('refuses to retract a part that went out live', async () => {
    await expectRejects(adapter().delete({ index: 0, remoteId: '1790000000000000001' }), UnsupportedOperationError, /went out live.*DELIVERY_MODE=live/);
  });

  it('fails the part for an editor when live delivery had started it', async () => {
    const ledger = new MemoryLedger();
    await ledger.prepare(0, { idempotencyKey: 'a-mastodon-key' } as JsonObject);
    const error = await expectRejects(adapter('default', 'mastodon').post(storyDraft('mastodon', ['one']), ledger), UnconfirmedPartError, /started by live delivery/);
    expect(error).toMatchObject({ platform: 'mastodon', partIndex: 0 });
    expect(await partLines('mastodon')).toEqual([]);
  });

  it('goes on with the reference a racing attempt stored first, and does not write it twice', async () => {
    const inner = new MemoryLedger();
    const first = await adapter().post(storyDraft('x', ['one']), inner);
    const [firstPart] = first.parts;
    // A second attempt read the ledger before the first recorded anything, then prepared.
    const racing: DeliveryLedger = {
      entries: async () => new Map(),
      prepare: (index, data) => inner.prepare(index, data),
      delivered: (part) => inner.delivered(part),
      release: (index) => inner.release(index),
    };
    const second = await adapter().post(storyDraft('x', ['one']), racing);
    expect(second.parts[0]!.remoteId).toBe(firstPart!.remoteId);
    expect(await partLines()).toHaveLength(1);
  });

  it('starts a clean line after one that a full disk cut short', async () => {
    writeFileSync(join(dir, 'x.jsonl'), '{"type":"part","id":"outbox_cut');
    await adapter().post(storyDraft('x', ['after the cut']), new MemoryLedger());
    expect((await partLines()).map((l) => l.text)).toEqual(['after the cut']);
  });

  it('names OUTBOX_DIR when it is not a directory it can write to', async () => {
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    const blocked = new OutboxAdapter({ platform: 'x', account: 'default', dir: file });
    await expectRejects(blocked.post(storyDraft('x', ['one']), new MemoryLedger()), ConfigError, /cannot write .*not-a-dir.*OUTBOX_DIR must be a directory/);
  });

  it('checks its options', () => {
    expect(() => new OutboxAdapter({ platform: 'myspace' as 'x', account: 'default', dir })).toThrow(/platform must be a platform id/);
    expect(() => new OutboxAdapter({ platform: 'x', account: ' ', dir })).toThrow(/option account must be a non-empty string/);
    expect(() => new OutboxAdapter({ platform: 'x', account: 'default', dir: '' })).toThrow(/option dir must be a non-empty string/);
  });
});
