import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { AmbiguousOutcomeError, AuthError, ContentRejectedError, RateLimitedError, TransientError } from '../../../src/domain/errors/index.js';
import { MatrixAdapter } from '../../../src/platforms/matrix/adapter.js';
import { startFakeMatrix, type FakeMatrix } from '../../fakes/matrix.js';
import { draftFor } from '../http/draft-fixture.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = 'syt_bmV3c2Rlc2s_SeCrEtMatrixToken_0xYz';
const ROOM = '!newsdesk:matrix.example.org';
const BOT = '@crier:matrix.example.org';
let fake: FakeMatrix;

function adapter(overrides: { accessToken?: string; roomId?: string; timeoutMs?: number; homeserverUrl?: string } = {}): MatrixAdapter {
  return new MatrixAdapter({
    account: 'default',
    credentials: { homeserverUrl: overrides.homeserverUrl ?? fake.url, accessToken: overrides.accessToken ?? TOKEN, roomId: overrides.roomId ?? ROOM },
    ...(overrides.timeoutMs !== undefined ? { timeoutMs: overrides.timeoutMs } : {}),
  });
}

const text = (texts: string[]) => draftFor('matrix', texts, false);

beforeEach(async () => {
  fake = await startFakeMatrix({ tokens: { [TOKEN]: BOT, 'syt_outsider_token': '@outsider:matrix.example.org' }, rooms: { [ROOM]: [BOT] } });
});
afterEach(async () => {
  await fake.close();
});

describe('MatrixAdapter posting', () => {
  it('sends one m.text event with plain body, escaped HTML with the link as <a>, no mentions, and the token only in the header', async () => {
    const result = await adapter().post(text(['Beijing backs Islamabad https://example.com/news/beijing-islamabad']), new MemoryLedger());

    expect(fake.events).toHaveLength(1);
    const event = fake.events[0]!;
    expect(event).toMatchObject({ roomId: ROOM, sender: BOT, type: 'm.room.message' });
    expect(event.content).toEqual({
      msgtype: 'm.text',
      body: 'Beijing backs Islamabad https://example.com/news/beijing-islamabad',
      format: 'org.matrix.custom.html',
      formatted_body: 'Beijing backs Islamabad <a href="https://example.com/news/beijing-islamabad">https://example.com/news/beijing-islamabad</a>',
      'm.mentions': {},
    });
    const request = fake.server.requests[0]!;
    expect(request.method).toBe('PUT');
    expect(request.url).toBe(`/_matrix/client/v3/rooms/${encodeURIComponent(ROOM)}/send/m.room.message/${encodeURIComponent(event.txnId)}`);
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.url).not.toContain(TOKEN);
    expect(result).toEqual({
      platform: 'matrix',
      account: 'default',
      url: `https://matrix.to/#/${encodeURIComponent(ROOM)}/${encodeURIComponent(event.eventId)}`,
      parts: [{ index: 0, remoteId: event.eventId, url: `https://matrix.to/#/${encodeURIComponent(ROOM)}/${encodeURIComponent(event.eventId)}`, ref: { eventId: event.eventId } }],
    });
  });

  it('threads later parts under the first: m.thread to the root, a fallback reply to the part before', async () => {
    const result = await adapter().post(text(['Lead', 'Second', 'Third']), new MemoryLedger());
    const [root, second, third] = fake.events;
    expect(root!.content['m.relates_to']).toBeUndefined();
    expect(second!.content['m.relates_to']).toEqual({ rel_type: 'm.thread', event_id: root!.eventId, is_falling_back: true, 'm.in_reply_to': { event_id: root!.eventId } });
    expect(third!.content['m.relates_to']).toEqual({ rel_type: 'm.thread', event_id: root!.eventId, is_falling_back: true, 'm.in_reply_to': { event_id: second!.eventId } });
    expect(result.parts.map((p) => p.remoteId)).toEqual(fake.events.map((e) => e.eventId));
  });

  it('a correction goes into the thread of the post it corrects, replying to its last part', async () => {
    const first = await adapter().post(text(['Lead', 'Second']), new MemoryLedger());
    const [root, parent] = first.parts;
    await adapter().post({ ...text(['Correction: it was Tuesday']), replyTo: { root: root!, parent: parent! } }, new MemoryLedger());
    expect(fake.events[2]!.content['m.relates_to']).toEqual({ rel_type: 'm.thread', event_id: root!.remoteId, is_falling_back: true, 'm.in_reply_to': { event_id: parent!.remoteId } });
  });

  it('resumes after a delivered part without sending it again', async () => {
    const ledger = new MemoryLedger();
    const first = await adapter().post(text(['Lead']), ledger);
    await adapter().post(text(['Lead', 'Second']), ledger);
    expect(fake.events.map((e) => e.content.body)).toEqual(['Lead', 'Second']);
    expect(fake.events[1]!.content['m.relates_to']).toMatchObject({ event_id: first.parts[0]!.remoteId });
  });
});

describe('MatrixAdapter retries', () => {
  it('a part the homeserver took but never confirmed is sent again with the same txnId, and the homeserver makes no second event', async () => {
    const ledger = new MemoryLedger();
    const draft = text(['Lead', 'Second']);
    fake.faults.add({ kind: 'accept-then-hang' }, (req) => req.method === 'PUT' && fake.events.length === 1);
    await expectRejects(adapter({ timeoutMs: 200 }).post(draft, ledger), AmbiguousOutcomeError, 'matrix send timed out after 200 ms; the platform may have acted on it');
    expect(fake.events).toHaveLength(2);

    // Another worker, another adapter: the transaction id comes from the ledger.
    const result = await adapter().post(draft, ledger);
    expect(fake.events.map((e) => e.content.body)).toEqual(['Lead', 'Second']);
    const sends = fake.server.requests.filter((r) => r.method === 'PUT').map((r) => r.url);
    expect(sends).toHaveLength(3);
    expect(sends[2]).toBe(sends[1]);
    expect(result.parts.map((p) => p.remoteId)).toEqual(fake.events.map((e) => e.eventId));
  });

  it('two posts with the same text get different transaction ids: both go out', async () => {
    await adapter().post(text(['Same words']), new MemoryLedger());
    await adapter().post(text(['Same words']), new MemoryLedger());
    expect(fake.events).toHaveLength(2);
    expect(new Set(fake.events.map((e) => e.txnId)).size).toBe(2);
  });

  it('M_LIMIT_EXCEEDED waits retry_after_ms, and the retry sends the part once', async () => {
    fake.faults.add({ kind: 'respond', status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests', retry_after_ms: 1500 }, headers: { 'retry-after': '9' } });
    const ledger = new MemoryLedger();
    const before = Date.now();
    const error = await expectRejects(adapter().post(text(['Hi']), ledger), RateLimitedError, 'matrix send failed: 429 M_LIMIT_EXCEEDED Too Many Requests');
    const resetAt = (error as RateLimitedError).resetAt.getTime();
    expect(resetAt).toBeGreaterThanOrEqual(before + 1500);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 1500);
    expect(fake.events).toHaveLength(0);
    await adapter().post(text(['Hi']), ledger);
    expect(fake.events).toHaveLength(1);
  });

  it('without retry_after_ms, Retry-After says when', async () => {
    fake.faults.add({ kind: 'respond', status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', error: 'Too Many Requests' }, headers: { 'retry-after': '4' } });
    const before = Date.now();
    const error = await expectRejects(adapter().post(text(['Hi']), new MemoryLedger()), RateLimitedError);
    const resetAt = (error as RateLimitedError).resetAt.getTime();
    expect(resetAt).toBeGreaterThanOrEqual(before + 4000);
    expect(resetAt).toBeLessThanOrEqual(Date.now() + 4000);
  });

  it('a 5xx is a TransientError and a homeserver that refuses connections too', async () => {
    fake.faults.add({ kind: 'respond', status: 502, body: '<html>Bad Gateway</html>' });
    await expectRejects(adapter().post(text(['Hi']), new MemoryLedger()), TransientError, 'matrix send failed: 502');
    const url = fake.url;
    await fake.close();
    await expectRejects(adapter({ homeserverUrl: url }).post(text(['Hi']), new MemoryLedger()), TransientError, /matrix send could not connect \(ECONNREFUSED\)/);
    fake = await startFakeMatrix({ tokens: {}, rooms: {} });
  });
});

describe('MatrixAdapter refusals', () => {
  it('an unknown token is an AuthError naming M_UNKNOWN_TOKEN', async () => {
    const error = await expectRejects(adapter({ accessToken: 'syt_wrong_SeCrEt' }).post(text(['Hi']), new MemoryLedger()), AuthError, 'matrix send failed: 401 M_UNKNOWN_TOKEN Unknown access token');
    expect(error.message).not.toContain('syt_wrong_SeCrEt');
  });

  it('an account that is not in the room is an AuthError (M_FORBIDDEN): editing the text cannot fix it', async () => {
    await expectRejects(
      adapter({ accessToken: 'syt_outsider_token' }).post(text(['Hi']), new MemoryLedger()),
      AuthError,
      `matrix send failed: 403 M_FORBIDDEN User @outsider:matrix.example.org not in room ${ROOM}`,
    );
    expect(fake.events).toHaveLength(0);
  });

  it('an event over 64 KiB is a ContentRejectedError', async () => {
    await expectRejects(adapter().post(text(['x'.repeat(40_000)]), new MemoryLedger()), ContentRejectedError, 'matrix send failed: 413 M_TOO_LARGE event too large');
  });

  it('no error carries the access token, even when the homeserver echoes it', async () => {
    const errors: Error[] = [];
    fake.faults.add({ kind: 'respond', status: 500, body: { errcode: 'M_UNKNOWN', error: `internal error for token ${TOKEN}` } });
    errors.push(await expectRejects(adapter().post(text(['Hi']), new MemoryLedger()), TransientError, 'matrix send failed: 500 M_UNKNOWN internal error for token <token>'));
    fake.faults.add({ kind: 'respond', status: 429, body: { errcode: 'M_LIMIT_EXCEEDED', error: TOKEN, retry_after_ms: 10 } });
    errors.push(await expectRejects(adapter().post(text(['Hi']), new MemoryLedger()), RateLimitedError));
    fake.faults.add({ kind: 'accept-then-hang' });
    errors.push(await expectRejects(adapter({ timeoutMs: 100 }).post(text(['Hi']), new MemoryLedger()), AmbiguousOutcomeError));
    errors.push(await expectRejects(adapter({ accessToken: `${TOKEN}x` }).post(text(['Hi']), new MemoryLedger()), AuthError));
    for (const error of errors) {
      expect(error.message).not.toContain(TOKEN);
      expect(JSON.stringify({ ...error, stack: error.stack })).not.toContain(TOKEN);
      expect(error.cause).toBeUndefined();
    }
  });
});

describe('MatrixAdapter formatting', () => {
  it('escapes hostile text: nothing in the article becomes markup, only its http(s) links become <a>', async () => {
    const hostile = '<script>alert(1)</script> & "quoted" \'single\' <a href="javascript:alert(1)">click</a> @room\nhttps://example.com/a?b=1&c=2 javascript:alert(2)';
    await adapter().post(text([hostile]), new MemoryLedger());
    const content = fake.events[0]!.content;
    expect(content.body).toBe(hostile);
    expect(content.formatted_body).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;single&#39; &lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt; @room<br>' +
        '<a href="https://example.com/a?b=1&amp;c=2">https://example.com/a?b=1&amp;c=2</a> javascript:alert(2)',
    );
    // "@room" in the text must not notify the room: the event says it mentions no one.
    expect(content['m.mentions']).toEqual({});
  });
});

describe('MatrixAdapter redaction', () => {
  it('redacts every part with a reason; a repeated delete is the same redaction, and an event already gone counts as deleted', async () => {
    const result = await adapter().post(text(['Lead', 'Second']), new MemoryLedger());
    for (const part of [...result.parts].reverse()) await adapter().delete(part);
    expect(fake.events.map((e) => e.redactedBecause?.reason)).toEqual(['Retracted by the newsroom', 'Retracted by the newsroom']);
    expect(fake.events.every((e) => Object.keys(e.content).length === 0)).toBe(true);
    expect(fake.redactions).toHaveLength(2);

    await adapter().delete(result.parts[0]!);
    expect(fake.redactions).toHaveLength(2);
    await adapter().delete({ index: 0, remoteId: '$never-sent' });
    expect(fake.redactions).toHaveLength(2);
  });

  it('a redaction the homeserver refuses stays an error', async () => {
    const result = await adapter().post(text(['Lead']), new MemoryLedger());
    await expectRejects(adapter({ accessToken: 'syt_outsider_token' }).delete(result.parts[0]!), AuthError, /^matrix redact failed: 403 M_FORBIDDEN/);
    expect(fake.events[0]!.redactedBecause).toBeUndefined();
  });
});
