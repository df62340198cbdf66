/**
 * The checkout commands as pure decisions over a working set (no emulator): what each one decides,
 * refuses and records. The runner that reads and writes around them is tested against the emulator.
 */
import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { StockState, levelsOf } from '../../../src/domain/inventory';
import { StockEvent } from '../../../src/domain/events';
import { CommandContext, Decided, WorkingStock } from '../../../src/checkout/commands/context';
import { reserve } from '../../../src/checkout/commands/reserve';
import { extend } from '../../../src/checkout/commands/extend';
import { confirm } from '../../../src/checkout/commands/confirm';
import { expire, release } from '../../../src/checkout/commands/release';
import { cancelLine } from '../../../src/checkout/commands/cancel-line';
import { ReservationDoc } from '../../../src/checkout/reservation-store';
import { FulfillmentDoc } from '../../../src/stock/fulfillment-store';
import { ShopperHolds } from '../../../src/checkout/shopper-store';

const NOW = 1_800_000_000_000;

function state(sku: string, onHand: number, reserved = 0): StockState {
  return { sku, locations: { 'wh-01': { onHand, wmsOnHand: onHand, seq: 1, syncedAt: NOW } }, removed: {}, pendingSales: {}, reserved, lowStockThreshold: 2, syncedAt: NOW };
}

function world(stock: Record<string, StockState>, reservations: Record<string, ReservationDoc> = {}, via: 'queue' | 'direct' = 'direct', now = NOW) {
  const working = new Map<string, WorkingStock>(Object.entries(stock).map(([sku, s]) => [sku, { state: s, read: s, version: 1, exists: true, events: [], changed: false }]));
  const res = new Map(Object.entries(reservations));
  const saved = new Set<string>();
  const fulfilled = new Map<string, FulfillmentDoc>();
  const shoppers = new Map<string, ShopperHolds>();
  const ctx: CommandContext = {
    now,
    ts: Timestamp.fromMillis(now),
    via,
    reservation: (id) => res.get(id),
    stock: (sku) => working.get(sku) ?? (working.set(sku, { state: state(sku, 0), read: state(sku, 0), version: 0, exists: false, events: [], changed: false }).get(sku)!),
    saveReservation: (id, doc) => {
      res.set(id, doc);
      saved.add(id);
    },
    changeStock: (w, s, events: readonly StockEvent[]) => {
      w.state = s;
      w.events.push(...events);
      w.changed = true;
    },
    fulfil: (id, doc) => fulfilled.set(id, doc),
    shopper: (uid) => shoppers.get(uid) ?? { uid, openHolds: 0, units: {} },
    saveShopper: (sh) => void shoppers.set(sh.uid, sh),
  };
  const available = (sku: string) => levelsOf(working.get(sku)!.state).available;
  const reserved = (sku: string) => working.get(sku)!.state.reserved;
  return { ctx, res, saved, fulfilled, available, reserved, shoppers };
}

const hold = (uid = 'u1', items = [{ sku: 'A', quantity: 2 }]) => ({ type: 'reserve' as const, reservationId: 'r1', uid, cartId: 'c1', items, ttlSeconds: 900, maxLifetimeSeconds: 2700 });
const value = (d: Decided) => (d.result.ok ? d.result.value : assert.fail(`refused: ${d.result.message}`));
const code = (d: Decided) => (d.result.ok ? 'ok' : d.result.code);

function held(w: ReturnType<typeof world>) {
  value(reserve(w.ctx, hold()));
  return w.res.get('r1')!;
}

describe('checkout/commands', () => {
  it('reserve holds every line or none, with a verdict per line; marks a queued hold', () => {
    const w = world({ A: state('A', 5), B: state('B', 1) });
    const refused = reserve(w.ctx, hold('u1', [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 3 }, { sku: 'Z', quantity: 1 }]));
    assert.equal(code(refused), 'failed-precondition');
    assert.deepEqual((refused.result as unknown as { details: { items: { status: string }[] } }).details.items.map((i) => i.status), ['ok', 'insufficient', 'unknown_sku']);
    assert.equal(w.available('A'), 5, 'nothing held when one line fails');
    const ok = reserve(w.ctx, hold());
    assert.equal(value(ok).state, 'held');
    assert.deepEqual(ok.schedule, { reservationId: 'r1', expiresAt: NOW + 900_000 });
    assert.equal(w.available('A'), 3);
    assert.equal(w.res.get('r1')!.viaQueue, undefined);
    const q = world({ A: state('A', 5) }, {}, 'queue');
    reserve(q.ctx, hold());
    assert.equal(q.res.get('r1')!.viaQueue, true);
  });

  it('reserve is idempotent for its owner, refused to anyone else and after release', () => {
    const w = world({ A: state('A', 5) });
    held(w);
    assert.equal(value(reserve(w.ctx, hold())).state, 'held');
    assert.equal(w.reserved('A'), 2, 'a retry holds nothing more');
    assert.equal(code(reserve(w.ctx, hold('mallory'))), 'permission-denied');
    value(release(w.ctx, { type: 'release', reservationId: 'r1', uid: 'u1', reason: 'changed mind' }));
    const again = reserve(w.ctx, hold());
    assert.equal(code(again), 'failed-precondition');
    assert.match(again.result.ok ? '' : again.result.message, /use a new cartId/);
  });

  it('extend pushes the expiry out, never past the maximum lifetime', () => {
    const w = world({ A: state('A', 5) });
    held(w);
    const later = world({ A: state('A', 5) }, { r1: w.res.get('r1')! }, 'direct', NOW + 2_000_000);
    const v = value(extend(later.ctx, { type: 'extend', reservationId: 'r1', uid: 'u1', ttlSeconds: 900 }));
    assert.equal(v.capped, true);
    assert.equal(v.expiresAt, new Date(NOW + 2_700_000).toISOString());
    assert.equal(code(extend(later.ctx, { type: 'extend', reservationId: 'r1', uid: 'mallory', ttlSeconds: 900 })), 'permission-denied');
    assert.equal(code(extend(later.ctx, { type: 'extend', reservationId: 'nope', uid: 'u1', ttlSeconds: 900 })), 'not-found');
  });

  it('confirm sells the given lines and releases the rest; a retry answers the same; another payment is refused', () => {
    const w = world({ A: state('A', 5), B: state('B', 5) });
    reserve(w.ctx, hold('u1', [{ sku: 'A', quantity: 2 }, { sku: 'B', quantity: 1 }]));
    const over = confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p1', lines: [{ sku: 'A', quantity: 3 }] });
    assert.equal(code(over), 'invalid-argument');
    const v = value(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p1', lines: [{ sku: 'A', quantity: 1 }] }));
    assert.deepEqual([v.committedItems, v.releasedItems], [[{ sku: 'A', quantity: 1 }], [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 1 }]]);
    assert.deepEqual([w.reserved('A'), w.reserved('B'), w.available('A'), w.available('B')], [0, 0, 4, 5]);
    assert.deepEqual(w.fulfilled.get('r1')!.lines, [{ sku: 'A', quantity: 1, allocations: [{ locationId: 'wh-01', quantity: 1 }] }]);
    assert.deepEqual(value(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p1' })).committedItems, [{ sku: 'A', quantity: 1 }]);
    assert.equal(code(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p2' })), 'failed-precondition');
  });

  it('expire gives the units back when due, not when the hold was extended since; release is final', () => {
    const w = world({ A: state('A', 5) });
    held(w);
    assert.deepEqual(value(expire(w.ctx, { type: 'expire', reservationId: 'r1', dueAt: NOW })), { state: 'held', notDue: true });
    const due = world({ A: w.ctx.stock('A').state }, { r1: w.res.get('r1')! }, 'direct', NOW + 900_000);
    assert.equal(value(expire(due.ctx, { type: 'expire', reservationId: 'r1', dueAt: NOW + 900_000 })).state, 'expired');
    assert.equal(due.reserved('A'), 0);
    assert.equal(due.res.get('r1')!.reason, 'expired');
    assert.equal(code(confirm(due.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p' })), 'failed-precondition');
  });

  it('cancelLine returns sold units at the locations they came from, never more than were sold', () => {
    const w = world({ A: state('A', 5) });
    held(w);
    assert.equal(code(cancelLine(w.ctx, { type: 'cancelLine', reservationId: 'r1', sku: 'A', quantity: 1, reason: 'x', operator: 'op' })), 'failed-precondition', 'not sold yet');
    value(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p1' }));
    assert.equal(w.available('A'), 3);
    value(cancelLine(w.ctx, { type: 'cancelLine', reservationId: 'r1', sku: 'A', quantity: 1, reason: 'damaged', operator: 'op' }));
    assert.equal(w.available('A'), 4);
    assert.equal(code(cancelLine(w.ctx, { type: 'cancelLine', reservationId: 'r1', sku: 'A', quantity: 2, reason: 'x', operator: 'op' })), 'failed-precondition');
    assert.deepEqual(w.res.get('r1')!.cancelledItems, [{ sku: 'A', quantity: 1, operator: 'op', reason: 'damaged' }], 'the operator is on the record');
    assert.equal(w.ctx.stock('A').events.at(-1)!.data.actor, 'op', 'and on the event');
  });

  it('per-shopper limits: open holds and units per SKU, counted in the same decision as the hold, given back when it ends', () => {
    const w = world({ A: state('A', 100), B: state('B', 100) });
    const limits = { maxOpenHolds: 2, maxUnitsPerSku: 5 };
    const cart = (id: string, items: { sku: string; quantity: number }[]) => ({ ...hold('u1', items), reservationId: id, cartId: id, limits });
    value(reserve(w.ctx, cart('r1', [{ sku: 'A', quantity: 3 }])));
    const tooMany = reserve(w.ctx, cart('r2', [{ sku: 'A', quantity: 3 }]));
    assert.equal(code(tooMany), 'resource-exhausted');
    assert.match(tooMany.result.ok ? '' : tooMany.result.message, /maxUnitsPerSkuPerShopper: at most 5 units of A/);
    assert.deepEqual((tooMany.result as unknown as { details: Record<string, unknown> }).details, { limit: 'maxUnitsPerSkuPerShopper', max: 5, sku: 'A', current: 3 });
    value(reserve(w.ctx, cart('r2', [{ sku: 'B', quantity: 5 }])));
    const third = reserve(w.ctx, cart('r3', [{ sku: 'B', quantity: 1 }]));
    assert.match(third.result.ok ? '' : third.result.message, /maxOpenHoldsPerShopper: at most 2 open holds/);
    assert.equal(w.reserved('A') + w.reserved('B'), 8, 'refusals hold nothing');
    value(confirm(w.ctx, { type: 'confirm', reservationId: 'r1', uid: 'u1', paymentId: 'p' }));
    value(release(w.ctx, { type: 'release', reservationId: 'r2', uid: 'u1', reason: 'x' }));
    assert.deepEqual(w.shoppers.get('u1'), { uid: 'u1', openHolds: 0, units: { A: 0, B: 0 } }, 'a sold or released hold no longer counts');
    value(reserve(w.ctx, cart('r3', [{ sku: 'A', quantity: 5 }])));
    assert.equal(code(reserve(w.ctx, { ...cart('r4', [{ sku: 'A', quantity: 1 }]), uid: 'u2' })), 'ok', 'limits are per shopper');
  });
});
