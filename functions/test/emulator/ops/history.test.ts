/**
 * The trail of one SKU: applied changes with their seq or batch, the sync's changes that did not
 * apply (duplicate, stale) and its quarantined rows, through GET /v1/inventory/{sku}/history.
 */
import assert from 'node:assert/strict';
import { adminDb, clearFirestore, PROJECT_ID } from '../helpers';
import { seedStock } from '../checkout-fixtures';
import { CountApplier } from '../../../src/stock/count-applier';
import { quarantine } from '../../../src/sync/quarantine';
import { LocationChange } from '../../../src/domain/sequence';
import { emulatorIdToken } from '../../../tools/auth-emulator';
import { ApiContract } from '../api-contract';

/** Every answer these tests get is also checked against docs/openapi.json. */
const fetch = new ApiContract().asFetch();

const db = adminDb();
const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;

describe('the trail of one SKU (emulator)', function () {
  this.timeout(60_000);
  beforeEach(() => clearFirestore());

  it('lists every change of a SKU: applied (seq, batch), duplicate, stale and rejected, newest first, for operators only', async () => {
    await seedStock(db, { A: 5, B: 5 });
    const applier = new CountApplier(db, { defaultThreshold: 2 });
    const change = (seq: number, onHand: number): LocationChange => ({ sku: 'A', locationId: 'wh-01', onHand, seq, updatedAt: Date.now(), deleted: false });
    await applier.apply(new Map([['A', [change(5, 9)]], ['B', [{ ...change(4, 1), sku: 'B' }]]]), 'wms');
    await applier.apply(new Map([['A', [change(5, 9)]]]), 'wms'); // the WMS sent it again
    await applier.apply(new Map([['A', [change(3, 1)]]]), 'wms'); // an older count, late
    await applier.apply(new Map([['A', [change(6, 4)]]]), 'push:erp', { batchId: 'b-7' });
    await quarantine(db, 'wms', [{ row: { row: { sku: 'A', locationId: 'wh-01', onHand: -3, seq: 7 }, reason: 'onHand: must be >= 0' }, cursor: 'c-1', index: 0 }]);

    const olga = await emulatorIdToken('olga-trail', { admin: true });
    assert.equal((await fetch(`${API}/v1/inventory/A/history`)).status, 401);
    const res = await fetch(`${API}/v1/inventory/A/history`, { headers: { authorization: `Bearer ${olga}` } });
    assert.equal(res.status, 200);
    const { items } = (await res.json()) as { items: { kind: string; outcome: string; seq?: number; batchId?: string; source?: string; delta?: number; reason?: string; locationId?: string }[] };
    const seen = items.map((i) => [i.kind, i.outcome, i.seq ?? null, i.batchId ?? null]);
    for (const want of [
      ['sync.change', 'applied', 5, null],
      ['sync.change', 'duplicate', 5, null],
      ['sync.change', 'stale', 3, null],
      ['sync.change', 'applied', 6, 'b-7'],
      ['inventory.synced', 'applied', null, 'b-7'],
      ['sync.rejected', 'rejected', null, null],
    ]) assert.ok(seen.some((s) => JSON.stringify(s) === JSON.stringify(want)), `${JSON.stringify(want)} in ${JSON.stringify(seen)}`);
    assert.ok(items.every((i) => i.kind.startsWith('inventory.') || i.kind.startsWith('sync.')));
    assert.ok(!items.some((i) => JSON.stringify(i).includes('"B"')), 'only this SKU');
    const pushed = items.find((i) => i.batchId === 'b-7' && i.kind === 'inventory.synced')!;
    assert.deepEqual([pushed.source, pushed.delta, pushed.locationId], ['push:erp', -5, 'wh-01']);
    const received = items.find((i) => i.batchId === 'b-7' && i.kind === 'sync.change')! as { count?: number; source?: string };
    assert.deepEqual([received.count, received.source], [4, 'push:erp']);
    assert.match(items.find((i) => i.outcome === 'rejected')!.reason!, /onHand/);
    const times = items.map((i) => (i as unknown as { at: string }).at);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
  });
});
