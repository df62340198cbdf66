import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { clearFirestore, waitFor } from '../../../helpers';
import { makeService, seedStock } from '../../../checkout-fixtures';
import { WmsSimulator } from '../../../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../../../src/adapters/wms-http';
import { CountApplier } from '../../../../../src/stock/count-applier';
import { runSyncCycle } from '../../../../../src/sync/sync-cycle';
import { emptyState } from '../../../../../src/domain/inventory';
import { stockDoc } from '../../../../../src/stock/stock-store';
import { fetch, idToken, db, API, postJson } from './../../../ops/ops-fixtures';

describe('triggers/http/routes/ops: operator routes through the api function (emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('an operator starts a reconciliation and follows it: 202 at once, the run in the background through the task queue', async () => {
    const sim = new WmsSimulator({ skus: 40, locations: 2 });
    await sim.start(8090);
    try {
      const applier = new CountApplier(db, { defaultThreshold: 2 });
      await runSyncCycle({ db, connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey }), flags: { isEnabled: async () => true }, applier, staleAfterSeconds: 30 });
      const olga = await idToken('olga-rec', { admin: true });
      assert.equal((await postJson('/v1/reconciliation/run', null)).status, 401);
      const bad = await postJson('/v1/reconciliation/run', olga, { fix: 'yes' });
      assert.equal(bad.status, 400);
      assert.match(JSON.stringify(await bad.json()), /"field":"fix"/);
      // One run at a time.
      await db.doc('reconciliationRuns/other-run').set({ state: 'running', updatedAt: Timestamp.now() });
      const busy = await postJson('/v1/reconciliation/run', olga);
      assert.equal(busy.status, 409);
      assert.equal(((await busy.json()) as { runId: string }).runId, 'other-run');
      await db.doc('reconciliationRuns/other-run').delete();

      const started = await postJson('/v1/reconciliation/run', olga);
      assert.equal(started.status, 202);
      const { runId, state } = (await started.json()) as { runId: string; state: string };
      assert.equal(state, 'queued');
      const follow = async () => (await (await fetch(`${API}/v1/reconciliation/runs/${runId}`, { headers: { authorization: `Bearer ${olga}` } })).json()) as { state: string; skus?: number; discrepancies?: number; progress: { snapshotPages: number } };
      assert.ok(['queued', 'running', 'done'].includes((await follow()).state));
      const done = await waitFor(async () => {
        const r = await follow();
        return r.state === 'done' ? r : null;
      }, 90_000, 500);
      assert.deepEqual([done.skus, done.discrepancies], [40, 0]);
      assert.ok(done.progress.snapshotPages >= 1);
      assert.equal((await fetch(`${API}/v1/reconciliation/runs/nope`, { headers: { authorization: `Bearer ${olga}` } })).status, 404);
    } finally {
      await sim.close();
    }
  });

  it('exports stock, reservations and discrepancies as CSV for operators only', async () => {
    await seedStock(db, { A: 3, 'B,"odd"': 1 });
    const { service } = makeService(db, 'i');
    await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'A', quantity: 1 }] });
    const olga = await idToken('olga', { admin: true });
    assert.equal((await fetch(`${API}/v1/exports/stock.csv`)).status, 401);
    const stock = await fetch(`${API}/v1/exports/stock.csv`, { headers: { authorization: `Bearer ${olga}` } });
    assert.match(stock.headers.get('content-type') ?? '', /text\/csv/);
    const lines = (await stock.text()).trim().split('\n');
    assert.equal(lines[0], 'sku,locationId,onHand,seq,syncedAt,skuOnHand,reserved,available,status,updatedAt');
    assert.ok(lines.some((l) => l.startsWith('A,wh-01,3,1,')));
    assert.ok(lines.some((l) => l.startsWith('"B,""odd""",wh-01,1,')));
    const res = await (await fetch(`${API}/v1/exports/reservations`, { headers: { authorization: `Bearer ${olga}` } })).text();
    assert.match(res, /,u1,c,held,A,1,/);
    assert.equal((await fetch(`${API}/v1/exports/discrepancies`, { headers: { authorization: `Bearer ${olga}` } })).status, 200);
    assert.equal((await fetch(`${API}/v1/exports/secrets`, { headers: { authorization: `Bearer ${olga}` } })).status, 404);
  });

  it('streams a large export a page at a time, and neutralises cells a spreadsheet would run as formulas', async () => {
    const t = Timestamp.now();
    for (let i = 0; i < 2500; i += 500) {
      const b = db.batch();
      for (let k = i; k < i + 500; k++) {
        const s = emptyState(`BIG-${String(k).padStart(5, '0')}`, 2);
        s.locations['wh-01'] = { onHand: k % 7, wmsOnHand: k % 7, seq: 1, syncedAt: t.toMillis() };
        b.set(db.doc(`inventory/${s.sku}`), stockDoc(s, 1, t));
      }
      await b.commit();
    }
    const evil = emptyState('EVIL-1', 2);
    evil.locations['@SUM(A1)'] = { onHand: 1, wmsOnHand: 1, seq: 1, syncedAt: t.toMillis() };
    evil.locations['=HYPERLINK("x")'] = { onHand: 2, wmsOnHand: 2, seq: 1, syncedAt: t.toMillis() };
    await db.doc('inventory/EVIL-1').set(stockDoc(evil, 1, t));
    const olga = await idToken('olga-big', { admin: true });
    const res = await fetch(`${API}/v1/exports/stock.csv`, { headers: { authorization: `Bearer ${olga}` } });
    assert.equal(res.headers.get('transfer-encoding'), 'chunked', 'streamed, not one buffered body');
    const lines = (await res.text()).trim().split('\n');
    assert.equal(lines.length, 1 + 2500 + 2);
    assert.ok(lines.includes(`EVIL-1,'@SUM(A1),1,1,${t.toDate().toISOString()},3,0,3,in_stock,${t.toDate().toISOString()}`), lines.find((l) => l.startsWith('EVIL')));
    assert.ok(lines.some((l) => l.startsWith(`EVIL-1,"'=HYPERLINK(""x"")",2,`)));
  });
});
