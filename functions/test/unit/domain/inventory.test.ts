import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ackSale, adjustLocation, applyCounts, cancelSale, commitSale, emptyState, levelsOf, reserve, restock, StockState, unreserve,
} from '../../../src/domain/inventory';
import { totalOnHand } from '../../../src/domain/locations';
import { applySnapshot } from '../../../src/domain/resync';
import { LocationChange } from '../../../src/domain/sequence';

const count = (locationId: string, seq: number, onHand: number, deleted = false): LocationChange => ({
  sku: 'sku-1', locationId, seq, onHand, deleted, updatedAt: 0,
});
const ref = { reservationId: 'r1', source: 'checkout' };

describe('domain/inventory', () => {
  it('aggregates locations and applies only newer seqs', () => {
    let s = emptyState('sku-1', 5);
    const r1 = applyCounts(s, [count('a', 1, 10), count('b', 1, 4)], 100, 'wms');
    s = r1.state;
    assert.equal(levelsOf(s).onHand, 14);
    assert.equal(r1.applied, 2);
    const r2 = applyCounts(s, [count('a', 1, 99), count('b', 0, 99)], 200, 'wms');
    assert.equal(r2.state, s, 'nothing changes');
    assert.deepEqual([r2.applied, r2.duplicate, r2.stale, r2.events.length], [0, 1, 1, 0]);
  });

  it('remembers when stock last went out, for aging', () => {
    let s = applyCounts(emptyState('sku-1', 5), [count('a', 1, 10)], 100, 'wms').state;
    assert.equal(s.lastOutflowAt, undefined, 'stock coming in is not an outflow');
    s = applyCounts(s, [count('a', 2, 7)], 200, 'wms').state;
    assert.equal(s.lastOutflowAt, 200);
    s = (reserve(s, 1, ref) as { state: StockState }).state;
    s = (commitSale(s, 1, { ...ref, saleId: 'x', at: 300 }) as { state: StockState }).state;
    assert.equal(s.lastOutflowAt, 300);
  });

  it('keeps tombstones so an older upsert cannot resurrect a deleted location', () => {
    let s = applyCounts(emptyState('sku-1', 5), [count('a', 1, 10)], 1, 'wms').state;
    s = applyCounts(s, [count('a', 5, 0, true)], 2, 'wms').state;
    assert.deepEqual(s.locations, {});
    assert.equal(applyCounts(s, [count('a', 4, 7)], 3, 'wms').applied, 0);
    s = applyCounts(s, [count('a', 6, 7)], 4, 'wms').state;
    assert.equal(levelsOf(s).onHand, 7);
    assert.deepEqual(s.removed, {});
  });

  it('emits out_of_stock, back_in_stock and low_stock transitions', () => {
    let s = applyCounts(emptyState('sku-1', 5), [count('a', 1, 10)], 1, 'wms');
    assert.deepEqual(s.events.map((e) => e.type), ['inventory.synced', 'inventory.back_in_stock']);
    s = applyCounts(s.state, [count('a', 2, 0)], 2, 'wms');
    assert.deepEqual(s.events.map((e) => e.type), ['inventory.synced', 'inventory.out_of_stock']);
    s = applyCounts(s.state, [count('a', 3, 3)], 3, 'wms');
    assert.deepEqual(s.events.map((e) => e.type), ['inventory.synced', 'inventory.back_in_stock', 'inventory.low_stock']);
    const e = s.events[0]!;
    assert.deepEqual(e.data.before, { onHand: 0, reserved: 0, available: 0 });
    assert.deepEqual(e.data.after, { onHand: 3, reserved: 0, available: 3 });
    assert.equal(e.data.delta, 3);
  });

  it('reserves only what is available and records the shortfall when counts drop', () => {
    let s = applyCounts(emptyState('sku-1', 0), [count('a', 1, 2)], 1, 'wms').state;
    const r = reserve(s, 2, ref);
    assert.ok(r.ok);
    s = r.state;
    assert.deepEqual(reserve(s, 1, ref), { ok: false, failure: { code: 'insufficient', requested: 1, available: 0 } });
    s = applyCounts(s, [count('a', 2, 1)], 2, 'wms').state;
    assert.deepEqual(levelsOf(s), { onHand: 1, reserved: 2, available: 0, status: 'out_of_stock', shortfall: 1 });
    assert.equal(reserve(s, 0, ref).ok, false);
    assert.equal(reserve(s, 1.5, ref).ok, false);
  });

  it('does not count a sale twice when the WMS count arrives before or after it reflects the sale', () => {
    let s = applyCounts(emptyState('sku-1', 0), [count('a', 1, 10)], 1, 'wms').state;
    s = (reserve(s, 3, ref) as { state: StockState }).state;
    s = (commitSale(s, 3, { ...ref, saleId: 's1' }) as { state: StockState }).state;
    assert.equal(levelsOf(s).onHand, 7);
    // A WMS count that has not seen the sale yet: still 10 there, 7 here.
    s = applyCounts(s, [count('a', 2, 10)], 2, 'wms').state;
    assert.equal(levelsOf(s).onHand, 7);
    // The WMS acknowledges the sale at seq 3; then reports 7 at seq 3: still 7, and the sale is done.
    s = ackSale(s, 's1', 'a', 3);
    s = applyCounts(s, [count('a', 3, 7)], 3, 'wms').state;
    assert.equal(levelsOf(s).onHand, 7);
    assert.deepEqual(s.pendingSales, {});
  });

  it('acknowledging after the reflecting count was already applied releases the deduction', () => {
    let s = applyCounts(emptyState('sku-1', 0), [count('a', 1, 10)], 1, 'wms').state;
    s = (reserve(s, 2, ref) as { state: StockState }).state;
    s = (commitSale(s, 2, { ...ref, saleId: 's1' }) as { state: StockState }).state;
    s = applyCounts(s, [count('a', 4, 8)], 2, 'wms').state; // the WMS already sold them (seq 4)
    assert.equal(levelsOf(s).onHand, 6, 'unacknowledged: still subtracted');
    s = ackSale(s, 's1', 'a', 4);
    assert.equal(levelsOf(s).onHand, 8);
    assert.deepEqual(s.pendingSales, {});
  });

  it('restocks a cancelled sale and lets operators set a count', () => {
    let s = applyCounts(emptyState('sku-1', 0), [count('a', 1, 1)], 1, 'wms').state;
    const r = restock(s, 'a', 2, ref);
    assert.ok(r.ok);
    s = r.state;
    assert.equal(levelsOf(s).onHand, 3);
    assert.deepEqual(restock(s, 'zz', 1, ref), { ok: false, failure: { code: 'unknown_location', locationId: 'zz' } });
    const adj = adjustLocation(s, 'a', 9, 5, { source: 'operator', reason: 'cycle_count' });
    assert.equal(levelsOf(adj.state).onHand, 9);
    assert.equal(adj.events[0]?.data.delta, 6);
  });

  type Op =
    | { k: 'count'; loc: string; seq: number; onHand: number; deleted: boolean }
    | { k: 'reserve'; qty: number }
    | { k: 'release'; pick: number }
    | { k: 'commit'; pick: number }
    | { k: 'ack'; pick: number; seq: number };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ k: fc.constant('count' as const), loc: fc.constantFrom('a', 'b', 'c'), seq: fc.nat(30), onHand: fc.nat(20), deleted: fc.boolean() }),
    fc.record({ k: fc.constant('reserve' as const), qty: fc.integer({ min: -1, max: 8 }) }),
    fc.record({ k: fc.constant('release' as const), pick: fc.nat() }),
    fc.record({ k: fc.constant('commit' as const), pick: fc.nat() }),
    fc.record({ k: fc.constant('ack' as const), pick: fc.nat(), seq: fc.nat(30) }),
  );

  it('keeps every invariant for any sequence of operations', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), fc.nat(10), (ops, threshold) => {
        let s = emptyState('sku-1', threshold);
        const held: number[] = [];
        const sold: { id: string; loc: string }[] = [];
        let n = 0;
        for (const op of ops) {
          const before = levelsOf(s);
          let events: { data: { before: object; after: object } }[] = [];
          if (op.k === 'count') {
            const r = applyCounts(s, [count(op.loc, op.seq, op.onHand, op.deleted)], n, 'wms');
            s = r.state;
            events = r.events;
          } else if (op.k === 'reserve') {
            const r = reserve(s, op.qty, ref);
            if (r.ok) {
              held.push(op.qty);
              s = r.state;
              events = r.events;
            } else {
              assert.ok(op.qty <= 0 || op.qty > before.available);
            }
          } else if (held.length && (op.k === 'release' || op.k === 'commit')) {
            const [qty] = held.splice(op.pick % held.length, 1) as [number];
            const id = `s${n}`;
            const r = op.k === 'release' ? unreserve(s, qty, ref) : commitSale(s, qty, { ...ref, saleId: id });
            assert.ok(r.ok, 'a held quantity can always be released or sold');
            if (op.k === 'commit') for (const loc of Object.keys(r.state.pendingSales)) sold.push({ id, loc });
            s = r.state;
            events = r.events;
          } else if (op.k === 'ack' && sold.length) {
            const sale = sold[op.pick % sold.length]!;
            s = ackSale(s, sale.id, sale.loc, op.seq);
          }
          n++;
          const l = levelsOf(s);
          assert.equal(s.reserved, held.reduce((a, b) => a + b, 0), 'reserved == sum of held');
          assert.ok(l.available >= 0 && l.onHand >= 0);
          assert.equal(l.available, Math.max(0, l.onHand - l.reserved));
          assert.equal(l.onHand, totalOnHand(s.locations));
          for (const p of Object.values(s.locations)) assert.ok(p.onHand >= 0 && p.onHand <= p.wmsOnHand);
          for (const e of events) {
            assert.deepEqual(e.data.before, { onHand: before.onHand, reserved: before.reserved, available: before.available });
            assert.deepEqual(e.data.after, { onHand: l.onHand, reserved: l.reserved, available: l.available });
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('domain/inventory cancelSale', () => {
  it('shrinks an unacknowledged sale, or restocks an acknowledged one', () => {

    let s = applyCounts(emptyState('sku-1', 0), [count('a', 1, 10)], 1, 'wms').state;
    s = (reserve(s, 4, ref) as { state: StockState }).state;
    const sale = commitSale(s, 4, { ...ref, saleId: 's1' });
    assert.ok(sale.ok);
    assert.deepEqual(sale.allocations, [{ locationId: 'a', quantity: 4 }]);
    s = sale.state;
    const c1 = cancelSale(s, 's1', 'a', 1, { ...ref, reason: 'vendor_cancellation' });
    assert.ok(c1.ok);
    assert.equal(levelsOf(c1.state).onHand, 7);
    assert.equal(c1.state.pendingSales.a?.[0]?.quantity, 3);
    assert.equal(c1.events[0]?.type, 'inventory.adjusted');
    // Acknowledged and reflected: the cancellation restocks.
    let t = ackSale(c1.state, 's1', 'a', 2);
    t = applyCounts(t, [count('a', 2, 7)], 2, 'wms').state;
    const c2 = cancelSale(t, 's1', 'a', 3, ref);
    assert.ok(c2.ok);
    assert.equal(levelsOf(c2.state).onHand, 10);
  });
});

describe('domain/resync (applySnapshot)', () => {
  const base = (): StockState => ({
    sku: 'Q', removed: {}, pendingSales: {}, reserved: 0, lowStockThreshold: 2, syncedAt: 1000,
    locations: { 'wh-01': { onHand: 7, wmsOnHand: 7, seq: 4, syncedAt: 1000 }, 'wh-02': { onHand: 3, wmsOnHand: 3, seq: 9, syncedAt: 1000 } },
  });
  const row = (locationId: string, onHand: number, seq: number) => ({ sku: 'Q', locationId, onHand, seq, updatedAt: 0, deleted: false });

  it('a quiet SKU the snapshot confirms as it is: syncedAt refreshed per position, no event, no count change', () => {
    const r = applySnapshot(base(), [row('wh-01', 7, 4), row('wh-02', 3, 9)], 5000, 9000, 'resync');
    assert.deepEqual([r.applied, r.confirmed, r.events.length, r.drift], [0, 2, 0, 0]);
    assert.deepEqual(Object.values(r.state.locations).map((p) => [p.onHand, p.seq, p.syncedAt]), [[7, 4, 9000], [3, 9, 9000]]);
    assert.equal(r.state.syncedAt, 9000);
  });

  it('corrects drift at an equal seq and refreshes the confirmed positions beside it', () => {
    const r = applySnapshot(base(), [row('wh-01', 5, 4), row('wh-02', 3, 9)], 5000, 9000, 'resync');
    assert.deepEqual([r.applied, r.drift, r.confirmed], [1, 1, 1]);
    assert.deepEqual([r.state.locations['wh-01']!.onHand, r.state.locations['wh-02']!.syncedAt], [5, 9000]);
    assert.equal(r.events[0]!.type, 'inventory.synced');
  });

  it('does not touch a position the snapshot does not list but that was confirmed after it started', () => {
    const s = base();
    s.locations['wh-02']!.syncedAt = 6000;
    const r = applySnapshot(s, [row('wh-01', 7, 4)], 5000, 9000, 'resync');
    assert.deepEqual([r.removed, r.state.locations['wh-02']!.syncedAt, r.state.locations['wh-01']!.syncedAt], [0, 6000, 9000]);
  });
});
