import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { checkPage, pageVersion, shapeChange, WMS_CONTRACT_VERSIONS, wmsContractJsonSchema } from '../../../src/adapters/wms-contract';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';
import { ContractMismatchError } from '../../../src/stock/contract-mismatch';
import { WmsSimulator } from '../../../tools/wms-simulator';

interface Recorded {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}
const fixture = (name: string): Recorded => JSON.parse(readFileSync(path.resolve(__dirname, `../../fixtures/wms/${name}.json`), 'utf8')) as Recorded;
const schemaFile = (v: number) => JSON.parse(readFileSync(path.resolve(__dirname, `../../../../docs/wms-contract/v${v}.schema.json`), 'utf8')) as Record<string, unknown>;

/** A WMS that answers every read with one recorded page. */
async function replaying(rec: Recorded) {
  const server = http.createServer((_req, res) => res.writeHead(rec.status, { 'content-type': 'application/json', ...rec.headers }).end(JSON.stringify(rec.body)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const connector = new WmsHttpConnector({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, apiKey: 'k', hedgeAfterMs: 0 });
  return { connector, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('adapters/wms-contract: the versions the WMS connector speaks', () => {
  it('keeps docs/wms-contract/v<n>.schema.json identical to the zod schemas', () => {
    for (const v of WMS_CONTRACT_VERSIONS) assert.deepEqual(schemaFile(v), wmsContractJsonSchema(v), `v${v}`);
  });

  it('the recorded pages hold to the checked-in JSON Schema of their version (ajv), and v3 to none', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const check = Object.fromEntries(WMS_CONTRACT_VERSIONS.map((v) => [v, ajv.compile(schemaFile(v))]));
    for (const page of ['v1-changes', 'v1-snapshot']) assert.ok(check[1]!(fixture(page).body), `${page}: ${JSON.stringify(check[1]!.errors)}`);
    for (const page of ['v2-changes', 'v2-snapshot']) {
      assert.ok(check[2]!(fixture(page).body), `${page}: ${JSON.stringify(check[2]!.errors)}`);
      assert.ok(!check[1]!(fixture(page).body), `${page} is not v1 (it says schemaVersion 2)`);
    }
    for (const page of ['v3-changes', 'v1-renamed-changes']) for (const v of WMS_CONTRACT_VERSIONS) assert.ok(!check[v]!(fixture(page).body), `${page} is not v${v}`);
  });

  it('reads the version from the header or the body field; none is v1; they must agree', () => {
    assert.equal(pageVersion(null, { changes: [] }), 1);
    assert.equal(pageVersion('2', { changes: [] }), 2);
    assert.equal(pageVersion('v2', { changes: [] }), 2);
    assert.equal(pageVersion(null, { schemaVersion: 2 }), 2);
    assert.throws(() => pageVersion('1', { schemaVersion: 2 }), /says schema v2 in its body and v1 in its wms-schema-version header/);
    assert.throws(() => pageVersion(null, { schemaVersion: 3 }), (e: unknown) => e instanceof ContractMismatchError && e.kind === 'unsupported_version' && /WMS schema v3 not supported \(this connector speaks v1, v2\)/.test(e.message));
    assert.throws(() => pageVersion(null, { schemaVersion: 'two' }), /WMS schema vtwo not supported/);
  });

  it('tells a changed shape from malformed rows: garbage and bad values are not a shape change', () => {
    const row = { sku: 'A', locationId: 'wh-01', onHand: 1, seq: 1, updatedAt: '2026-12-01T00:00:00Z' };
    const { onHand: _drop, ...noOnHand } = row;
    assert.equal(shapeChange([row, { hello: 'world' }, { hello: 'again' }], 1), null, 'garbage is not a stock row');
    assert.equal(shapeChange([{ ...row, onHand: -1 }, { ...row, onHand: 'ten' }], 1), null, 'bad values are malformed rows');
    assert.equal(shapeChange([row, row, { ...noOnHand, quantity: 1 }], 1), null, 'a minority is malformed rows');
    assert.equal(shapeChange([{ ...noOnHand, quantity: 1 }, { ...noOnHand, quantity: 2 }, row], 1), 'WMS rows no longer match schema v1: 2 of 3 lack `onHand` and carry `quantity` instead');
    assert.equal(shapeChange([{ ...row, gtin: '4000000000001', extra: true }], 2), null, 'added fields are tolerated');
    assert.throws(() => checkPage(null, { items: [] }, 'changes'), /WMS page does not match schema v1: `changes`/);
  });

  describe('the adapter against recorded WMS pages', () => {
    it('v1 and v2 pages: the same changes, the version said', async () => {
      for (const [name, v] of [['v1-changes', 1], ['v2-changes', 2]] as const) {
        const wms = await replaying(fixture(name));
        try {
          const page = await wms.connector.fetchChanges(null, 5, Date.now() + 5000);
          assert.equal(page.schemaVersion, v);
          assert.equal(page.changes.length, 5);
          assert.equal(page.rejected.length, 0);
          assert.deepEqual(page.changes[0], { sku: 'SKU-00001', locationId: 'store-02', onHand: 76, seq: 1, updatedAt: Date.parse('2026-12-03T21:32:07.444Z'), deleted: false });
        } finally {
          await wms.close();
        }
      }
      for (const name of ['v1-snapshot', 'v2-snapshot']) {
        const wms = await replaying(fixture(name));
        try {
          assert.equal((await wms.connector.fetchSnapshot(null, 3, Date.now() + 5000)).items.length, 3);
        } finally {
          await wms.close();
        }
      }
    });

    it('a v3 page and a renamed field are refused whole with what changed; malformed rows are rejected one by one', async () => {
      const cases: [string, RegExp][] = [
        ['v3-changes', /^WMS schema v3 not supported/],
        ['v3-snapshot', /^WMS schema v3 not supported/],
        ['v1-renamed-changes', /lack `onHand` and carry `quantity` instead/],
      ];
      for (const [name, msg] of cases) {
        const wms = await replaying(fixture(name));
        try {
          const read = name.includes('snapshot') ? wms.connector.fetchSnapshot(null, 3, Date.now() + 5000) : wms.connector.fetchChanges(null, 5, Date.now() + 5000);
          await assert.rejects(read, (e: unknown) => e instanceof ContractMismatchError && msg.test(e.message), name);
        } finally {
          await wms.close();
        }
      }
      const wms = await replaying(fixture('v1-malformed-changes'));
      try {
        const page = await wms.connector.fetchChanges(null, 4, Date.now() + 5000);
        assert.equal(page.changes.length, 4);
        assert.deepEqual(page.rejected.map((r) => r.reason.split(':')[0]), ['sku', 'onHand']);
      } finally {
        await wms.close();
      }
    });
  });

  it('the adapter against the simulator, each version served through /_control', async () => {
    const sim = new WmsSimulator({ skus: 5, locations: 2, rate: 0 });
    await sim.start();
    const control = (body: object) => fetch(`${sim.url}/_control`, { method: 'POST', body: JSON.stringify(body) });
    try {
      const c = new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, hedgeAfterMs: 0 });
      const n = sim.log.length;
      assert.equal((await c.fetchChanges(null, 100, Date.now() + 5000)).schemaVersion, 1);
      await control({ schemaVersion: 2 });
      const v2 = await c.fetchChanges(null, 100, Date.now() + 5000);
      assert.deepEqual([v2.schemaVersion, v2.changes.length, v2.rejected.length], [2, n, 0]);
      await control({ schemaVersion: 3 });
      await assert.rejects(c.fetchChanges(null, 100, Date.now() + 5000), /WMS schema v3 not supported/);
      await control({ schemaVersion: 1, renameFields: { updatedAt: 'modifiedAt' } });
      await assert.rejects(c.fetchChanges(null, 100, Date.now() + 5000), new RegExp(`${n} of ${n} lack \`updatedAt\` and carry \`modifiedAt\` instead`));
      await control({ reset: true });
      assert.deepEqual(((await (await fetch(`${sim.url}/_control`)).json()) as { schema: unknown }).schema, { version: 1, rename: {} });
      assert.equal((await c.fetchChanges(null, 100, Date.now() + 5000)).changes.length, n);
    } finally {
      await sim.close();
    }
  });
});
