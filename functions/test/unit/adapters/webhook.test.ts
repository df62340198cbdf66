import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { postJson } from '../../../src/adapters/webhook';

describe('adapters/webhook', () => {
  it('posts JSON, and a non-2xx answer is an error naming the status', async () => {
    const got: unknown[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got.push({ type: req.headers['content-type'], body: JSON.parse(body) });
        res.statusCode = req.url === '/fail' ? 503 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await postJson(`${base}/ok`, { a: 1 });
      assert.deepEqual(got, [{ type: 'application/json', body: { a: 1 } }]);
      await assert.rejects(postJson(`${base}/fail`, {}), /webhook answered 503/);
    } finally {
      server.close();
    }
  });
});
