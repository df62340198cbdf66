import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  allocateCart,
  Allocation,
  AllocationConfig,
  availableFor,
  candidatesFor,
  channelAvailable,
  DEFAULT_ALLOCATION,
  distanceKm,
  freeAt,
  rank,
  reallocationOrder,
  resolveChannel,
  sellableOnHand,
  STRATEGIES,
  Strategy,
} from '../../../src/domain/allocation';
import { LocationPosition } from '../../../src/domain/locations';
import { commitSale, emptyState, levelsOf, moveUnits, reserve, splitAllocation, StockState, unreserve, applyCounts } from '../../../src/domain/inventory';

const pos = (onHand: number, extra: Partial<LocationPosition> = {}): LocationPosition => ({ onHand, wmsOnHand: onHand, seq: 1, syncedAt: 0, ...extra });

const CFG: AllocationConfig = {
  channels: {
    online: { kind: 'online', locations: ['wh-east', 'wh-west', 'store-berlin'], strategy: 'priority' },
    'store-berlin': { kind: 'store', locations: ['store-berlin'], strategy: 'priority' },
    marketplace: { kind: 'online', locations: null, strategy: 'fewest_shipments' },
  },
  locations: {
    'wh-east': { kind: 'warehouse', priority: 1, lat: 52.52, lng: 13.4, safetyStock: 2, leadTimeDays: 5, safetyDays: 2 },
    'wh-west': { kind: 'warehouse', priority: 2, lat: 50.94, lng: 6.96, safetyStock: 0, leadTimeDays: 5, safetyDays: 2 },
    'store-berlin': { kind: 'store', priority: 3, lat: 52.5, lng: 13.38, safetyStock: 1, leadTimeDays: 3, safetyDays: 1 },
  },
  defaultChannel: 'online',
  postcodes: { '50667': { lat: 50.94, lng: 6.96 } },
  defaults: { leadTimeDays: 7, safetyDays: 3 },
};

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  assert.ok(r.ok, JSON.stringify(r));
  return r as Extract<T, { ok: true }>;
}

describe('domain/allocation', () => {
  it('sellable units: damaged and quality control never sell; an online channel keeps safety stock back, a store does not', () => {
    const p = pos(10, { damaged: 2, qualityControl: 1, reserved: 3 });
    assert.equal(sellableOnHand(p), 7);
    assert.equal(freeAt(p, 0), 4);
    assert.equal(freeAt(p, 2), 2, '7 sellable, 3 held, 2 kept back');
    assert.equal(freeAt(p, 5), 0);
    assert.equal(freeAt(pos(3, { reserved: 3 }), 1), 0, 'a store hold that reached into the safety stock is no shortfall');
    assert.equal(freeAt(pos(2, { reserved: 5 }), 0), -3, 'a location short of its holds is negative (re-allocated at confirm)');
    const locs = { 'wh-east': pos(10), 'store-berlin': pos(4) };
    assert.equal(channelAvailable(CFG, CFG.channels.online!, locs, 0), 8 + 3);
    assert.equal(channelAvailable(CFG, CFG.channels['store-berlin']!, locs, 0), 4);
    // A hold with no location (taken before allocation) counts against every channel.
    assert.equal(channelAvailable(CFG, CFG.channels['store-berlin']!, locs, 1), 3);
  });

  it('the stock totals leave out damaged and quality control; moving units between states changes available, not onHand', () => {
    let s: StockState = { ...emptyState('A', 2), locations: { 'wh-east': pos(10, { damaged: 3 }) } };
    assert.deepEqual([levelsOf(s).onHand, levelsOf(s).available], [10, 7]);
    s = ok(moveUnits(s, { locationId: 'wh-east', from: 'damaged', to: 'sellable', quantity: 2 }, { source: 'operator', reason: 'repaired' })).state;
    assert.deepEqual([levelsOf(s).onHand, levelsOf(s).available, s.locations['wh-east']!.damaged], [10, 9, 1]);
    const m = moveUnits(s, { locationId: 'wh-east', from: 'sellable', to: 'qualityControl', quantity: 10 }, { source: 'operator', reason: 'recall' });
    assert.deepEqual(!m.ok && m.failure, { code: 'not_enough', state: 'sellable', has: 9, quantity: 10 });
    const r = ok(moveUnits(s, { locationId: 'wh-east', from: 'sellable', to: 'qualityControl', quantity: 4 }, { source: 'operator', reason: 'recall' }));
    assert.equal(r.events[0]!.data.delta, -4);
    assert.equal(r.events[0]!.data.reason, 'recall (4 sellable -> qualityControl)');
  });

  it('a WMS count keeps the holds allocated at the location and the unit states it does not name', () => {
    let s: StockState = { ...emptyState('A', 2), locations: { x: pos(10, { reserved: 4, damaged: 1, incoming: 5, incomingAt: 1000 }) }, reserved: 4 };
    s = applyCounts(s, [{ sku: 'A', locationId: 'x', onHand: 8, seq: 2, updatedAt: 0, deleted: false }], 5, 'wms').state;
    assert.deepEqual({ ...s.locations.x!, syncedAt: 0 }, { onHand: 8, wmsOnHand: 8, seq: 2, syncedAt: 0, reserved: 4, damaged: 1, incoming: 5, incomingAt: 1000 });
    s = applyCounts(s, [{ sku: 'A', locationId: 'x', onHand: 8, seq: 3, updatedAt: 0, deleted: false, states: { damaged: 0, qualityControl: 2, incoming: 0 } }], 6, 'wms').state;
    assert.deepEqual({ ...s.locations.x!, syncedAt: 0 }, { onHand: 8, wmsOnHand: 8, seq: 3, syncedAt: 0, reserved: 4, qualityControl: 2 });
  });

  it('each strategy: priority, most stock, nearest, fewest shipments', () => {
    const cs = [
      { locationId: 'a', free: 2, priority: 1, distanceKm: 500 },
      { locationId: 'b', free: 9, priority: 2, distanceKm: 10 },
      { locationId: 'c', free: 5, priority: 3 },
    ];
    assert.deepEqual(rank('priority', cs).map((c) => c.locationId), ['a', 'b', 'c']);
    assert.deepEqual(rank('most_stock', cs).map((c) => c.locationId), ['b', 'c', 'a']);
    assert.deepEqual(rank('nearest', cs).map((c) => c.locationId), ['b', 'a', 'c']);
    const line = (sku: string, quantity: number, free: Record<string, number>) => ({ sku, quantity, candidates: Object.entries(free).map(([locationId, f]) => ({ locationId, free: f, priority: locationId.charCodeAt(0) })) });
    // Priority splits a line across a and b; fewest shipments sends the whole cart from c.
    const cart = [line('X', 3, { a: 2, b: 5, c: 3 }), line('Y', 1, { a: 1, c: 1 })];
    assert.deepEqual(ok(allocateCart('priority', cart)).allocations, { X: [{ locationId: 'a', quantity: 2 }, { locationId: 'b', quantity: 1 }], Y: [{ locationId: 'a', quantity: 1 }] });
    const f = ok(allocateCart('fewest_shipments', cart));
    assert.deepEqual(f.allocations, { X: [{ locationId: 'c', quantity: 3 }], Y: [{ locationId: 'c', quantity: 1 }] });
    assert.equal(f.split, false);
    // No one location serves it: split, the location covering most units first, and the split recorded.
    const g = ok(allocateCart('fewest_shipments', [line('X', 4, { a: 4 }), line('Y', 2, { b: 2 })]));
    assert.deepEqual(g.locations, ['a', 'b']);
    assert.equal(g.split, true);
    assert.deepEqual(allocateCart('priority', [line('X', 9, { a: 2, b: 5 })]), { ok: false, sku: 'X', requested: 9, free: 7 });
  });

  it('channels: unknown channel, pickup at a store of the channel only, a postcode to coordinates', () => {
    assert.deepEqual(resolveChannel(CFG, { channel: 'nope' }), { ok: false, field: 'channel', message: 'unknown channel nope (known: marketplace, online, store-berlin)' });
    assert.equal((resolveChannel(CFG, { pickupLocationId: 'wh-east' }) as { field: string }).field, 'pickupLocationId');
    assert.equal((resolveChannel(CFG, { shipTo: { postcode: '99999' } }) as { field: string }).field, 'shipTo.postcode');
    const rc = ok(resolveChannel(CFG, { shipTo: { postcode: '50667' } }));
    const locs = { 'wh-east': pos(10), 'wh-west': pos(10), 'store-berlin': pos(10) };
    assert.deepEqual(rank('nearest', candidatesFor(CFG, rc, locs)).map((c) => c.locationId), ['wh-west', 'store-berlin', 'wh-east']);
    const pickup = ok(resolveChannel(CFG, { pickupLocationId: 'store-berlin' }));
    assert.deepEqual(candidatesFor(CFG, pickup, locs).map((c) => c.locationId), ['store-berlin']);
    assert.equal(availableFor(CFG, pickup, locs, 0, 30), 9, 'online pickup keeps the store safety stock back');
    assert.deepEqual(reallocationOrder(CFG, pickup, locs), ['store-berlin']);
    assert.ok(Math.abs(distanceKm({ lat: 52.52, lng: 13.405 }, { lat: 48.8566, lng: 2.3522 }) - 878) < 5);
    assert.equal(resolveChannel(DEFAULT_ALLOCATION, {}).ok, true);
  });

  it('confirm sells where the hold was allocated; a location that lost units is made up elsewhere, never below zero', () => {
    let s: StockState = { ...emptyState('A', 0), locations: { a: pos(3), b: pos(5) } };
    const ref = { reservationId: 'r1', source: 'checkout' };
    s = ok(reserve(s, 3, ref, [{ locationId: 'a', quantity: 3 }])).state;
    assert.deepEqual([s.reserved, s.locations.a!.reserved], [3, 3]);
    // The WMS reports a lost 2 units at a.
    s = applyCounts(s, [{ sku: 'A', locationId: 'a', onHand: 1, seq: 2, updatedAt: 0, deleted: false }], 1, 'wms').state;
    const c = ok(commitSale(s, 3, { ...ref, saleId: 'r1:A', allocated: [{ locationId: 'a', quantity: 3 }], reallocateTo: ['a', 'b'] }));
    assert.deepEqual(c.allocations, [{ locationId: 'a', quantity: 1 }, { locationId: 'b', quantity: 2 }]);
    assert.deepEqual([c.reallocated, c.backordered], [2, 0]);
    assert.deepEqual([c.state.locations.a!.onHand, c.state.locations.b!.onHand, c.state.reserved, c.state.locations.a!.reserved], [0, 3, 0, undefined]);
    assert.deepEqual(c.events[0]!.data.allocations, c.allocations);
    // A hold cannot be allocated beyond a location's free units.
    const over = reserve({ ...emptyState('A', 0), locations: { a: pos(3, { reserved: 2 }) }, reserved: 2 }, 1, ref, [{ locationId: 'a', quantity: 2 }]);
    assert.equal(!over.ok && over.failure.code, 'insufficient');
    assert.deepEqual(splitAllocation([{ locationId: 'a', quantity: 2 }, { locationId: 'b', quantity: 3 }], 3), [[{ locationId: 'a', quantity: 2 }, { locationId: 'b', quantity: 1 }], [{ locationId: 'b', quantity: 2 }]]);
    const rel = ok(unreserve({ ...emptyState('A', 0), locations: { a: pos(3, { reserved: 2 }) }, reserved: 2 }, 2, ref, [{ locationId: 'a', quantity: 2 }]));
    assert.equal(rel.state.locations.a!.reserved, undefined);
  });

  it('property: no strategy ever allocates more than a location has free, and every allocated cart is whole', () => {
    const locIds = ['l1', 'l2', 'l3', 'l4', 'l5'];
    const arb = fc.record({
      strategy: fc.constantFrom<Strategy>(...STRATEGIES),
      free: fc.array(fc.array(fc.integer({ min: -3, max: 8 }), { minLength: 5, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
      qty: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 4, maxLength: 4 }),
      dist: fc.array(fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }), { minLength: 5, maxLength: 5 }),
    });
    fc.assert(
      fc.property(arb, ({ strategy, free, qty, dist }) => {
        const lines = free.map((row, i) => ({
          sku: `S${i}`,
          quantity: qty[i]!,
          candidates: row.flatMap((f, j) => (f > 0 ? [{ locationId: locIds[j]!, free: f, priority: (j * 7) % 5, ...(dist[j] !== undefined ? { distanceKm: dist[j] } : {}) }] : [])),
        }));
        const r = allocateCart(strategy, lines);
        const feasible = lines.every((l) => l.candidates.reduce((s, c) => s + c.free, 0) >= l.quantity);
        assert.equal(r.ok, feasible);
        if (!r.ok) return;
        for (const l of lines) {
          const got: readonly Allocation[] = r.allocations[l.sku] ?? [];
          assert.equal(got.reduce((s, a) => s + a.quantity, 0), l.quantity, 'whole line');
          const perLoc = new Map<string, number>();
          for (const a of got) perLoc.set(a.locationId, (perLoc.get(a.locationId) ?? 0) + a.quantity);
          for (const [loc, q] of perLoc) {
            assert.ok(q > 0);
            assert.ok(q <= (l.candidates.find((c) => c.locationId === loc)?.free ?? 0), `${l.sku} at ${loc}: ${q}`);
          }
        }
        assert.equal(r.split, r.locations.length > 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: random holds, counts and confirms never sell a location below zero nor hold more than its sellable units', () => {
    const locIds = ['l1', 'l2', 'l3'];
    type Op = { k: 'hold'; q: number; strategy: Strategy } | { k: 'count'; loc: number; onHand: number; damaged: number } | { k: 'confirm'; pick: number } | { k: 'release'; pick: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ k: fc.constant('hold' as const), q: fc.integer({ min: 1, max: 6 }), strategy: fc.constantFrom<Strategy>(...STRATEGIES) }),
      fc.record({ k: fc.constant('count' as const), loc: fc.nat(2), onHand: fc.nat(12), damaged: fc.nat(3) }),
      fc.record({ k: fc.constant('confirm' as const), pick: fc.nat() }),
      fc.record({ k: fc.constant('release' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let s: StockState = { ...emptyState('A', 0), locations: Object.fromEntries(locIds.map((l) => [l, pos(5)])) };
        let seq = 1;
        const holds: { id: string; alloc: { locationId: string; quantity: number }[]; q: number }[] = [];
        const cfg: AllocationConfig = { ...DEFAULT_ALLOCATION, channels: { online: { kind: 'online', locations: null, strategy: 'priority' } } };
        for (const [n, o] of ops.entries()) {
          if (o.k === 'hold') {
            const rc = ok(resolveChannel({ ...cfg, channels: { online: { kind: 'online', locations: null, strategy: o.strategy } } }, {}));
            if (availableFor(cfg, rc, s.locations, s.reserved, levelsOf(s).available) < o.q) continue;
            const a = allocateCart(o.strategy, [{ sku: 'A', quantity: o.q, candidates: candidatesFor(cfg, rc, s.locations) }]);
            if (!a.ok) continue;
            const r = reserve(s, o.q, { reservationId: `r${n}`, source: 'checkout' }, a.allocations.A);
            assert.ok(r.ok, JSON.stringify(r));
            s = r.state;
            for (const x of a.allocations.A!) assert.ok((s.locations[x.locationId]!.reserved ?? 0) <= sellableOnHand(s.locations[x.locationId]!), `a hold over ${x.locationId}'s sellable units`);
            holds.push({ id: `r${n}`, alloc: a.allocations.A!, q: o.q });
          } else if (o.k === 'count') {
            s = applyCounts(s, [{ sku: 'A', locationId: locIds[o.loc]!, onHand: o.onHand, seq: ++seq, updatedAt: 0, deleted: false, states: { damaged: Math.min(o.damaged, o.onHand) } }], n, 'wms').state;
          } else if (holds.length) {
            const h = holds.splice(o.pick % holds.length, 1)[0]!;
            const r =
              o.k === 'confirm'
                ? commitSale(s, h.q, { reservationId: h.id, source: 'checkout', saleId: `${h.id}:A`, allocated: h.alloc, reallocateTo: locIds })
                : unreserve(s, h.q, { reservationId: h.id, source: 'checkout' }, h.alloc);
            assert.ok(r.ok);
            s = r.state;
          }
          const heldAt = new Map<string, number>();
          for (const h of holds) for (const a of h.alloc) heldAt.set(a.locationId, (heldAt.get(a.locationId) ?? 0) + a.quantity);
          for (const l of locIds) {
            const p = s.locations[l]!;
            assert.ok(p.onHand >= 0, `${l} onHand ${p.onHand}`);
            assert.equal(p.reserved ?? 0, heldAt.get(l) ?? 0, `${l}: reserved is exactly the holds allocated there`);
          }
          assert.equal(s.reserved, holds.reduce((t, h) => t + h.q, 0));
        }
      }),
      { numRuns: 500 },
    );
  });
});
