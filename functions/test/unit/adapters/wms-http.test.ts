import assert from 'node:assert/strict';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { parseRetryAfter, parseRows, WmsHttpConnector } from '../../../src/adapters/wms-http';

describe('adapters/wms-http (pure parts)', () => {
  it('parses WMS rows: valid rows become changes, malformed and reserved ids are rejected with the field', () => {
    const ok = { sku: 'A', locationId: 'wh-01', onHand: 3, seq: 7, updatedAt: '2026-11-30T10:00:00Z' };
    const { changes, rejected } = parseRows([ok, { ...ok, sku: '__x__' }, { ...ok, onHand: -1 }, { ...ok, locationId: 'a/b' }, 'junk', { ...ok, deleted: true }]);
    assert.deepEqual(changes.map((c) => [c.sku, c.onHand, c.seq, c.deleted]), [['A', 3, 7, false], ['A', 3, 7, true]]);
    assert.equal(changes[0]!.updatedAt, Date.parse('2026-11-30T10:00:00Z'));
    assert.deepEqual(rejected.map((r) => r.reason.split(':')[0]), ['sku', 'onHand', 'locationId', '(row)']);
  });

  it('parses Retry-After as delta-seconds or an HTTP date; anything else is no hint', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(' 0 '), 0);
    assert.equal(parseRetryAfter('Mon, 30 Nov 2026 12:00:05 GMT', Date.parse('2026-11-30T12:00:00Z')), 5000);
    assert.equal(parseRetryAfter('Mon, 30 Nov 2026 11:00:00 GMT', Date.parse('2026-11-30T12:00:00Z')), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter('soon'), null);
    assert.equal(parseRetryAfter(null), null);
  });
});

describe('adapters/wms-http (against a local HTTP server)', () => {
  /** A WMS whose first answer to each path takes `slowMs`; later ones are immediate. */
  async function slowFirst(slowMs: number) {
    const seen = new Map<string, number>();
    const aborted: string[] = [];
    const server = http.createServer((req, res) => {
      const n = (seen.get(req.url!) ?? 0) + 1;
      seen.set(req.url!, n);
      req.on('close', () => !res.writableEnded && aborted.push(req.url!));
      const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ changes: [], nextCursor: null, hasMore: false, acks: [] }));
      if (n === 1) setTimeout(() => !res.destroyed && answer(), slowMs);
      else answer();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url, seen, aborted, close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) };
  }

  it('sends a read again when it has no answer after hedgeAfterMs; the first answer wins and the slow one is cancelled', async () => {
    const wms = await slowFirst(3000);
    try {
      const c = new WmsHttpConnector({ baseUrl: wms.url, apiKey: 'k', hedgeAfterMs: 300 });
      const t0 = Date.now();
      await c.fetchChanges(null, 10, Date.now() + 10_000);
      const ms = Date.now() - t0;
      assert.ok(ms < 1500, `answered in ${ms} ms, not after the slow request's 3,000`);
      assert.equal(wms.seen.get('/v1/stock/changes?limit=10'), 2, 'sent twice');
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(wms.aborted, ['/v1/stock/changes?limit=10'], 'the slow one was cancelled');
    } finally {
      await wms.close();
    }
  });

  it('never sends a write twice, and without hedging waits for the slow answer', async () => {
    const wms = await slowFirst(800);
    try {
      const c = new WmsHttpConnector({ baseUrl: wms.url, apiKey: 'k', hedgeAfterMs: 100 });
      await c.reportSale('s1', [{ sku: 'A', locationId: 'wh-01', quantity: 1 }]);
      assert.equal(wms.seen.get('/v1/stock/sales'), 1, 'a POST is sent once');
      const plain = new WmsHttpConnector({ baseUrl: wms.url, apiKey: 'k', hedgeAfterMs: 0 });
      const t0 = Date.now();
      await plain.fetchChanges('x', 5, Date.now() + 10_000);
      assert.ok(Date.now() - t0 >= 750, 'hedging off: one request, the slow answer');
      assert.equal(wms.seen.get('/v1/stock/changes?limit=5&cursor=x'), 1);
    } finally {
      await wms.close();
    }
  });
});
