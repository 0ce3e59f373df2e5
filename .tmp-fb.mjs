import { createServer } from 'node:http';
import { request } from 'undici';
const server = createServer((req, res) => { let b = ''; req.on('data', c => b += c); req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ uri: 'at://did:plc:x/app.bsky.feed.post/abc', cid: 'bafyreib' })); }); });
await new Promise(r => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/xrpc/com.atproto.repo.putRecord`;
const body = JSON.stringify({ repo: 'did:plc:x', collection: 'app.bsky.feed.post', rkey: 'abc', record: { text: 'x'.repeat(280), createdAt: new Date().toISOString() } });
const viaFetch = async () => { const req = new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body, duplex: 'half' }); const r = await fetch(req); const buf = await r.arrayBuffer(); const out = new Response(buf, { status: r.status, headers: r.headers }); await out.json(); };
const viaRequest = async () => { const req = new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body, duplex: 'half' });
  const b = new Uint8Array(await req.arrayBuffer()); const h = {}; req.headers.forEach((v, k) => { h[k] = v; });
  const r = await request(req.url, { method: req.method, headers: h, body: b, maxRedirections: 0 }); const buf = await r.body.arrayBuffer();
  const hs = new Headers(); for (const [k, v] of Object.entries(r.headers)) if (v !== undefined) for (const one of [].concat(v)) hs.append(k, one);
  const out = new Response(buf, { status: r.statusCode, headers: hs }); await out.json(); };
for (const [name, fn] of [['fetch', viaFetch], ['request', viaRequest], ['fetch', viaFetch], ['request', viaRequest]]) {
  for (let i = 0; i < 300; i++) await fn();
  const c0 = process.cpuUsage(); const n = 2000; for (let i = 0; i < n; i++) await fn(); const c = process.cpuUsage(c0);
  console.log(name, ((c.user + c.system) / 1000 / n).toFixed(3), 'ms CPU per call (client+server in one process)');
}
server.close();
