/**
 * Operations: reconciliation finds and fixes injected drift (use case, against the simulator),
 * the invariant check repairs `reserved`, and through the `api` function: the approval workflow
 * with operator tokens and the CSV exports.
 */
import assert from 'node:assert/strict';
import { FieldValue, Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore, PROJECT_ID, waitFor } from '../helpers';
import { makeService, seedStock } from '../checkout-fixtures';
import { WmsSimulator } from '../../../tools/wms-simulator';
import { WmsHttpConnector } from '../../../src/adapters/wms-http';
import { CountApplier } from '../../../src/stock/count-applier';
import { runSyncCycle } from '../../../src/sync/sync-cycle';
import { createRun, reconcile, runReconciliation, runRef } from '../../../src/ops/reconcile';
import { emptyState } from '../../../src/domain/inventory';
import { stockDoc } from '../../../src/stock/stock-store';
import { checkInvariants } from '../../../src/ops/invariants';
import { emulatorIdToken } from '../../../tools/auth-emulator';
import { ApiContract } from '../api-contract';

/** Every answer these tests get is also checked against docs/openapi.json. */
const fetch = new ApiContract().asFetch();

const idToken = (uid: string, claims: Record<string, unknown>) => emulatorIdToken(uid, claims, 'ops.example.com');

const db = adminDb();
const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;

const postJson = (path: string, token: string | null, body: unknown = {}) =>
  fetch(`${API}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });

/** A WMS simulator, the applier and a connector on it, the catalogue synced once; closed after `fn`. */
async function withSyncedWms(o: { skus: number; locations: number }, fn: (w: { sim: WmsSimulator; applier: CountApplier; connector: WmsHttpConnector }) => Promise<void>): Promise<void> {
  const sim = new WmsSimulator(o);
  await sim.start();
  try {
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    const connector = new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey });
    await runSyncCycle({ db, connector, flags: { isEnabled: async () => true }, applier, staleAfterSeconds: 30 });
    await fn({ sim, applier, connector });
  } finally {
    await sim.close();
  }
}

describe('operations (emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('reconciliation finds injected drift, reports the rate, and fixes it without touching holds', async () => {
    await withSyncedWms({ skus: 200, locations: 4 }, async ({ sim, applier, connector }) => {
      const clean = await reconcile(db, connector, applier, { fix: false, defaultThreshold: 2, trigger: 'test' });
      assert.equal(clean.discrepancies, 0);
      // Drift: a corrupted count on one SKU (with a hold on it), a lost location on another.
      const { service } = makeService(db, 'i');
      const a = (await db.doc('inventory/SKU-00010').get()).data()!;
      const loc = Object.keys(a.locations)[0]!;
      const avail = a.available as number;
      if (avail > 0) await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'SKU-00010', quantity: 1 }] });
      await db.doc('inventory/SKU-00010').update({ [`locations.${loc}.wmsOnHand`]: 4242, [`locations.${loc}.onHand`]: 4242, onHand: 9999 });
      const b = (await db.doc('inventory/SKU-00020').get()).data()!;
      const gone = Object.keys(b.locations)[0]!;
      await db.doc('inventory/SKU-00020').update({ [`locations.${gone}`]: FieldValue.delete() });
      const reserved = (await db.doc('inventory/SKU-00010').get()).data()!.reserved;

      const run = await reconcile(db, connector, applier, { fix: true, defaultThreshold: 2, trigger: 'test' });
      assert.equal(run.discrepancies, 2, JSON.stringify(run));
      assert.deepEqual([run.byKind.count_mismatch, run.byKind.missing_here], [1, 1]);
      assert.equal(run.skusWithDiscrepancy, 2);
      assert.equal(run.rate, 2 / 200);
      assert.equal(run.fixed, 2);
      const fixed = (await db.doc('inventory/SKU-00010').get()).data()!;
      assert.equal(fixed.locations[loc].onHand, sim.positions.get(`SKU-00010|${loc}`)!.onHand);
      assert.equal(fixed.reserved, reserved, 'holds untouched');
      assert.ok((await db.doc('inventory/SKU-00020').get()).data()!.locations[gone]);
      assert.equal((await db.collection(`reconciliationRuns/${run.runId}/discrepancies`).count().get()).data().count, 2);
      // Above 0.5%: with the default (no persistence asked) the alert opens at once.
      const alert = (await db.doc('alerts/discrepancy-rate').get()).data()!;
      assert.deepEqual([alert.status, alert.runId], ['open', run.runId], 'rate above 0.5% raises the alert');
      assert.equal((await reconcile(db, connector, applier, { fix: false, defaultThreshold: 2, trigger: 'test' })).discrepancies, 0);
    });
  });

  it('freshness per position stays true: a quiet SKU the WMS confirms is refreshed, and only a SKU the WMS stopped reporting is a stale product', async () => {
    await withSyncedWms({ skus: 20, locations: 2 }, async ({ applier, connector }) => {
      // Two days without a change: SKU-00003 is quiet; SKU-99999 is ours only (the WMS dropped it).
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
      const quiet = (await db.doc('inventory/SKU-00003').get()).data()!;
      const locs = Object.keys(quiet.locations);
      await db.doc('inventory/SKU-00003').update({ syncedAt: twoDaysAgo, ...Object.fromEntries(locs.map((l) => [`locations.${l}.syncedAt`, twoDaysAgo])) });
      await seedStock(db, { 'SKU-99999': 4 });
      await db.doc('inventory/SKU-99999').update({ syncedAt: twoDaysAgo });
      applier.invalidate();
      const run = await reconcile(db, connector, applier, { fix: true, defaultThreshold: 2, trigger: 'test' });
      const alert = (await db.doc('alerts/stale-products').get()).data()!;
      assert.deepEqual([alert.status, alert.sample], ['open', ['SKU-99999']], 'only the SKU the WMS stopped reporting');
      const after = (await db.doc('inventory/SKU-00003').get()).data()!;
      assert.ok(after.syncedAt.toMillis() > Date.now() - 60_000, 'the SKU is fresh again');
      for (const l of locs) assert.ok(after.locations[l].syncedAt.toMillis() > Date.now() - 60_000, `${l} is fresh again`);
      assert.equal(after.onHand, quiet.onHand, 'no count changed');
      assert.equal(run.discrepancies, 1, 'SKU-99999 is extra here');
      assert.equal((await db.collection('inventoryEvents').where('sku', '==', 'SKU-00003').where('data.source', '==', 'reconcile').count().get()).data().count, 0, 'a confirmation is not an event');
    });
  });

  it('reconciliation is background work: the run record comes first, progress is kept, and a run that dies resumes where it stopped', async () => {
    const sim = new WmsSimulator({ skus: 300, locations: 3 });
    await sim.start();
    try {
      const applier = new CountApplier(db, { defaultThreshold: 2 });
      const http = new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey });
      let snapshotPages = 0;
      const connector = Object.assign(Object.create(http) as WmsHttpConnector, {
        fetchSnapshot: (...a: Parameters<WmsHttpConnector['fetchSnapshot']>) => {
          snapshotPages++;
          return http.fetchSnapshot(...a);
        },
      });
      await runSyncCycle({ db, connector: http, flags: { isEnabled: async () => true }, applier, staleAfterSeconds: 30 });
      // Drift early and late in SKU order: one in the chunk before the crash, one after it.
      const early = (await db.doc('inventory/SKU-00010').get()).data()!;
      const loc = Object.keys(early.locations)[0]!;
      await db.doc('inventory/SKU-00010').update({ [`locations.${loc}.onHand`]: 4242, onHand: 9999 });
      const late = (await db.doc('inventory/SKU-00250').get()).data()!;
      const gone = Object.keys(late.locations)[0]!;
      await db.doc('inventory/SKU-00250').update({ [`locations.${gone}`]: FieldValue.delete() });
      applier.invalidate();

      const runId = await createRun(db, { fix: true, trigger: 'test' });
      assert.equal((await runRef(db, runId).get()).data()!.state, 'queued', 'the record exists before any work');
      let crashed = false;
      const o = {
        defaultThreshold: 2, chunkSize: 100, snapshotPageSize: 200,
        afterChunk: async () => {
          if (crashed) return;
          crashed = true;
          throw new Error('the instance died after the first chunk');
        },
      };
      await assert.rejects(runReconciliation(db, connector, applier, runId, o), /died/);
      const mid = (await runRef(db, runId).get()).data()!;
      assert.deepEqual([mid.state, mid.phase, mid.progress.snapshotDone], ['queued', 'compare', true]);
      assert.ok(mid.progress.snapshotPages >= 2 && mid.progress.snapshotPages === snapshotPages, 'the snapshot came in pages, each recorded');
      assert.equal(mid.progress.skus, 100, 'one chunk compared, and recorded');
      assert.match(mid.error, /died/);
      const pagesRead = snapshotPages;

      const r = await runReconciliation(db, connector, applier, runId, o);
      assert.equal(r.state, 'done');
      assert.equal(snapshotPages, pagesRead, 'the resumed run did not read the snapshot again');
      const done = (await runRef(db, runId).get()).data()!;
      assert.deepEqual([done.state, done.attempts, done.skus, done.discrepancies, done.fixed], ['done', 2, 300, 2, 2]);
      assert.deepEqual([done.byKind.count_mismatch, done.byKind.missing_here], [1, 1]);
      const listed = await db.collection(`reconciliationRuns/${runId}/discrepancies`).get();
      assert.equal(listed.size, 2);
      assert.ok(done.expireAt instanceof Timestamp && listed.docs.every((d) => d.data().expireAt instanceof Timestamp), 'runs and their lists expire (TTL)');
      assert.ok((await db.collection(`reconciliationRuns/${runId}/wms`).limit(1).get()).docs[0]!.data().expireAt instanceof Timestamp, 'so does the staged snapshot');
      assert.equal((await db.doc('inventory/SKU-00010').get()).data()!.locations[loc].onHand, sim.positions.get(`SKU-00010|${loc}`)!.onHand);
      assert.ok((await db.doc('inventory/SKU-00250').get()).data()!.locations[gone], 'the late SKU was fixed by the resumed run');
    } finally {
      await sim.close();
    }
  });

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

  it('the invariant check repairs reserved drift with an event and an audit entry', async () => {
    await seedStock(db, { A: 5 });
    const { service } = makeService(db, 'i');
    await service.reserveCart('u1', { cartId: 'c', items: [{ sku: 'A', quantity: 2 }] });
    await db.doc('inventory/A').update({ reserved: 4, available: 1 });
    const r = await checkInvariants(db, 2);
    assert.deepEqual(r.repaired, [{ sku: 'A', field: 'reserved', was: 4, now: 2 }]);
    const a = (await db.doc('inventory/A').get()).data()!;
    assert.deepEqual([a.reserved, a.available], [2, 3]);
    const ev = (await db.collection('inventoryEvents').where('data.reason', '==', 'invariant_repair').get()).docs;
    assert.equal(ev.length, 1);
    assert.equal((await db.collection('adjustments').where('kind', '==', 'invariant_repair').count().get()).data().count, 1);
    assert.deepEqual((await checkInvariants(db, 2)).repaired, []);
  });

  it('overrides need an operator; large ones a second operator; every one is in the event log', async () => {
    await seedStock(db, { A: { 'wh-01': 100 } });
    const olga = await idToken('olga', { admin: true });
    const omar = await idToken('omar', { admin: true });
    const alice = await idToken('alice-ops', {});
    assert.equal((await postJson('/v1/inventory/A/reconcile', null, { locationId: 'wh-01', onHand: 90, reasonCode: 'damaged' })).status, 401);
    assert.equal((await postJson('/v1/inventory/A/reconcile', alice, { locationId: 'wh-01', onHand: 90, reasonCode: 'damaged' })).status, 403);
    const bad = await postJson('/v1/inventory/A/reconcile', olga, { locationId: 'wh-01', onHand: -1, reasonCode: 'because' });
    assert.equal(bad.status, 400);
    assert.deepEqual(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field).sort(), ['onHand', 'reasonCode']);

    const small = (await (await postJson('/v1/inventory/A/reconcile', olga, { locationId: 'wh-01', onHand: 90, reasonCode: 'damaged', note: 'water' })).json()) as { state: string };
    assert.equal(small.state, 'applied');
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 90);

    const large = (await (await postJson('/v1/inventory/A/reconcile', olga, { locationId: 'wh-01', onHand: 10, reasonCode: 'lost' })).json()) as { state: string; adjustmentId: string };
    assert.equal(large.state, 'pending_approval');
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 90, 'waits for approval');
    assert.equal((await postJson(`/v1/adjustments/${large.adjustmentId}/approve`, olga)).status, 403, 'not by the requester');
    const ok = await postJson(`/v1/adjustments/${large.adjustmentId}/approve`, omar);
    assert.equal(ok.status, 200);
    assert.equal((await db.doc('inventory/A').get()).data()!.onHand, 10);
    assert.equal((await postJson(`/v1/adjustments/${large.adjustmentId}/approve`, omar)).status, 409);
    const adjusted = (await db.collection('inventoryEvents').where('type', '==', 'inventory.adjusted').get()).docs.map((d) => [d.data().data.reason, d.data().data.actor]);
    assert.deepEqual(adjusted.sort(), [['damaged: water', 'olga'], ['lost', 'omar']], 'the operator is on every manual change');
  });

  it('the threshold is cumulative per SKU per day; approval applies the reviewed delta in one transaction, or refuses if the count moved', async () => {
    await seedStock(db, { B: { 'wh-01': 1000 } });
    const olga = await idToken('olga', { admin: true });
    const omar = await idToken('omar', { admin: true });
    const ask = async (onHand: number) => (await (await postJson('/v1/inventory/B/reconcile', olga, { locationId: 'wh-01', onHand, reasonCode: 'cycle_count' })).json()) as { state: string; adjustmentId: string };
    assert.equal((await ask(970)).state, 'applied', '30 units: under the threshold');
    const split = await ask(940);
    assert.equal(split.state, 'pending_approval', 'another 30 the same day: 60 > 50, a second operator must look');
    // The count moves before the approval (the WMS reports a new one).
    await new CountApplier(db, { defaultThreshold: 2 }).apply(new Map([['B', [{ sku: 'B', locationId: 'wh-01', onHand: 955, seq: 2, updatedAt: Date.now(), deleted: false }]]]), 'wms');
    const refused = await postJson(`/v1/adjustments/${split.adjustmentId}/approve`, omar);
    assert.equal(refused.status, 409);
    assert.match(((await refused.json()) as { error: string }).error, /count moved from 970 to 955/);
    assert.equal((await db.doc('inventory/B').get()).data()!.onHand, 955, 'nothing applied');
    assert.equal((await db.doc(`adjustments/${split.adjustmentId}`).get()).data()!.state, 'superseded');
    // Asked again against the new count, and approved: the reviewed delta applies.
    const again = await ask(925);
    assert.equal(again.state, 'pending_approval');
    assert.equal((await postJson(`/v1/adjustments/${again.adjustmentId}/approve`, omar)).status, 200);
    const applied = (await db.doc(`adjustments/${again.adjustmentId}`).get()).data()!;
    assert.deepEqual([applied.state, applied.from, applied.delta, applied.requestedBy, applied.approvedBy, applied.appliedBy], ['applied', 955, -30, 'olga', 'omar', 'omar']);
    assert.equal((await db.doc('inventory/B').get()).data()!.onHand, 925);
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
