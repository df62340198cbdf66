/**
 * The SLOs computed locally: outcomes recorded by the real code paths (the callables' edge, the
 * count applier), exported by the Firestore exporter, and read back as budget left and burn rate
 * through the Functions emulator's `api` (GET /v1/slos, operators).
 */
import assert from 'node:assert/strict';
import { HttpsError } from 'firebase-functions/v2/https';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { flushMetrics, instruments, startMetrics } from '../../../src/adapters/metrics';
import { edge } from '../../../src/triggers/errors';
import { DomainError } from '../../../src/errors';
import { readSloReport, SloReport } from '../../../src/ops/slo-report';
import { emulatorIdToken } from '../../../tools/auth-emulator';
import { ApiContract } from '../api-contract';

const fetch = new ApiContract().asFetch();
const db = adminDb();
const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;

describe('ops/slo-report (emulator)', function () {
  this.timeout(60_000);
  before(async () => {
    startMetrics(db, { exportIntervalMs: 60_000 });
    await flushMetrics();
    await clearFirestore();
  });

  it('budget left and the last hour burn rate of each SLO, from what the code recorded', async () => {
    // Checkout: 1,996 answers, 2 refusals (the shopper's problem, not a failure), 2 internal errors.
    for (let i = 0; i < 1996; i++) await edge('validateCart', async () => 'ok', 'checkout');
    await assert.rejects(edge('reserveCart', async () => { throw new DomainError('failed-precondition', 'not enough stock'); }, 'checkout'));
    await assert.rejects(edge('reserveCart', async () => { throw new HttpsError('invalid-argument', 'items[0].quantity'); }, 'checkout'));
    await assert.rejects(edge('reserveCart', async () => { throw new Error('Firestore exploded'); }, 'checkout'), /internal error/);
    await assert.rejects(edge('reserveCart', async () => { throw new HttpsError('unavailable', 'try again'); }, 'checkout'));
    // Freshness: three WMS changes 2.5 s old, one 15 s old (late), one push (not a WMS change).
    await seedStock(db, { A: 3, B: 3, C: 3, D: 3, E: 3 });
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    for (const [sku, ago, source] of [['A', 2500, 'wms'], ['B', 2500, 'wms'], ['C', 2500, 'wms'], ['D', 15_000, 'wms'], ['E', 15_000, 'v-aurora:batch-1']] as const) {
      const at = Date.now() - ago;
      await applier.apply(new Map([[sku, [{ sku, locationId: 'wh-01', onHand: 4, seq: 2, updatedAt: at, deleted: false }]]]), source, { oldestUpdatedAt: new Map([[sku, at]]) });
    }
    // Delivery: 99 events in 1 s, 1 in 8 s.
    for (let i = 0; i < 99; i++) instruments().eventDelivery.record(0.8);
    instruments().eventDelivery.record(8);
    await flushMetrics();

    const check = (r: SloReport) => {
      const [avail, fresh, delivery] = r.slos;
      assert.deepEqual([avail!.id, avail!.good, avail!.total], ['read-and-checkout-availability', 1998, 2000]);
      assert.ok(Math.abs(avail!.budgetLeft - 0) < 1e-9, `2 failures in 2,000 spend the whole 99.9% budget: ${avail!.budgetLeft}`);
      assert.ok(Math.abs(avail!.burnRateLastHour! - 1) < 1e-9);
      assert.deepEqual([fresh!.good, fresh!.total], [3, 4]);
      assert.ok(Math.abs(fresh!.budgetLeft - (1 - 0.25 / 0.01)) < 1e-9, 'one late change in four overspends a 99% objective');
      assert.deepEqual([delivery!.good, delivery!.total], [99, 100]);
      assert.ok(Math.abs(delivery!.budgetLeft) < 1e-9, 'one late event in 100 spends a 99% budget');
    };
    check(await readSloReport(db));
    const olga = await emulatorIdToken('olga-slo', { admin: true });
    assert.equal((await fetch(`${API}/v1/slos`)).status, 401);
    const res = await fetch(`${API}/v1/slos`, { headers: { authorization: `Bearer ${olga}` } });
    assert.equal(res.status, 200);
    check((await res.json()) as SloReport);
  });
});
