import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseArticle } from '../../../src/article/parse-article.js';
import { Composer } from '../../../src/compose/composer.js';
import { loadTemplates } from '../../../src/compose/templates/template-set.js';
import { configFrom } from '../../../src/config.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { createAdapterProvider } from '../../../src/platforms/registry.js';
import { startFakeMatrix, type FakeMatrix } from '../../fakes/matrix.js';

const TOKEN = 'syt_from_config_token';
const ROOM = '!newsdesk:matrix.example.org';
const BOT = '@crier:matrix.example.org';
let fake: FakeMatrix;

beforeEach(async () => {
  fake = await startFakeMatrix({ tokens: { [TOKEN]: BOT }, rooms: { [ROOM]: [BOT] } });
});
afterEach(async () => {
  await fake.close();
});

describe('Matrix from the environment to the room', () => {
  it('MATRIX_* make the default account; the descriptor loads its adapter, which posts what compose made', async () => {
    const config = configFrom({ MATRIX_HOMESERVER_URL: fake.url, MATRIX_ACCESS_TOKEN: TOKEN, MATRIX_ROOM_ID: ROOM });
    expect(config.accounts).toEqual([{ platform: 'matrix', name: 'default', credentials: { homeserverUrl: fake.url, accessToken: TOKEN, roomId: ROOM } }]);

    const article = parseArticle(JSON.parse(readFileSync('tests/fixtures/beijing-islamabad.json', 'utf8')) as unknown);
    const [draft] = new Composer({ templates: loadTemplates('templates'), maxParts: 6, numbering: true }).compose(article, [{ platform: 'matrix', account: 'default' }]);
    const provider = createAdapterProvider(config, { fetchMedia: async () => { throw new Error('no image in this article'); } });
    try {
      const adapter = await provider.get('matrix', 'default');
      const result = await adapter.post(draft!, new MemoryLedger());
      expect(fake.events.map((e) => e.content.body)).toEqual(draft!.parts.map((p) => p.text));
      expect(fake.events[0]!.content.formatted_body).toContain(`<a href="${article.url}">`);
      expect(result.url).toMatch(/^https:\/\/matrix\.to\/#\//);
    } finally {
      await provider.close();
    }
  });
});
