import assert from 'node:assert/strict';
import { NOW, state, world, hold, value, code, held } from './working-set';
import { reserve } from '../../../../src/checkout/commands/reserve';
import { confirm } from '../../../../src/checkout/commands/confirm';
import { release } from '../../../../src/checkout/commands/release';
import { AllocationConfig } from '../../../../src/domain/allocation';
import { StockState } from '../../../../src/domain/inventory';

const CFG: AllocationConfig = {
  channels: {
    online: { kind: 'online', locations: ['wh-east', 'store-berlin'], strategy: 'priority' },
    'store-berlin': { kind: 'store', locations: ['store-berlin'], strategy: 'priority' },
  },
  locations: {
    'wh-east': { kind: 'warehouse', priority: 1, safetyStock: 1, leadTimeDays: 7, safetyDays: 3 },
    'store-berlin': { kind: 'store', priority: 2, safetyStock: 0, leadTimeDays: 7, safetyDays: 3 },
  },
  defaultChannel: 'online',
  postcodes: {},
  defaults: { leadTimeDays: 7, safetyDays: 3 },
};
const twoSites = (sku: string, east: number, store: number, damagedEast = 0): StockState => ({
  ...state(sku, 0),
  locations: {
    'wh-east': { onHand: east, wmsOnHand: east, seq: 1, syncedAt: NOW, ...(damagedEast ? { damaged: damagedEast } : {}) },
    'store-berlin': { onHand: store, wmsOnHand: store, seq: 1, syncedAt: NOW },
  },
});

describe('checkout/commands/reserve', () => {
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

  it('with allocation configured: the hold names its channel and its locations, split when one cannot serve the line; an unknown channel names the field', () => {
    // wh-east: 5 on hand, 1 damaged, safety 1 -> 3 for online; the store has 2.
    const w = world({ A: twoSites('A', 5, 2, 1) }, {}, 'direct', NOW, { cfg: CFG, configured: true });
    const bad = reserve(w.ctx, { ...hold('u1', [{ sku: 'A', quantity: 1 }]), allocation: { channel: 'nope' } });
    assert.equal(code(bad), 'invalid-argument');
    assert.deepEqual((bad.result as unknown as { details: { field: string } }).details.field, 'channel');
    const over = reserve(w.ctx, hold('u1', [{ sku: 'A', quantity: 6 }]));
    assert.equal(code(over), 'failed-precondition', 'damaged units and safety stock do not sell: 3 + 2 = 5 for online');
    value(reserve(w.ctx, hold('u1', [{ sku: 'A', quantity: 4 }])));
    const doc = w.res.get('r1')!;
    assert.equal(doc.channel, 'online');
    assert.equal(doc.split, true);
    assert.deepEqual(doc.allocations, { A: [{ locationId: 'wh-east', quantity: 3 }, { locationId: 'store-berlin', quantity: 1 }] });
    const pickup = reserve(w.ctx, { ...hold('u2', [{ sku: 'A', quantity: 2 }]), reservationId: 'r2', cartId: 'c2', allocation: { pickupLocationId: 'store-berlin' } });
    assert.equal(code(pickup), 'failed-precondition', 'the store has 1 left after the split hold');
    value(reserve(w.ctx, { ...hold('u2', [{ sku: 'A', quantity: 1 }]), reservationId: 'r2', cartId: 'c2', allocation: { pickupLocationId: 'store-berlin' } }));
    assert.deepEqual(w.res.get('r2')!.allocations, { A: [{ locationId: 'store-berlin', quantity: 1 }] });
    assert.equal(w.res.get('r2')!.pickupLocationId, 'store-berlin');
    assert.equal(w.reserved('A'), 5);
  });

  it('without allocation configured a hold has no channel or allocations (the behaviour before channels)', () => {
    const w = world({ A: twoSites('A', 5, 2, 1) });
    value(reserve(w.ctx, hold('u1', [{ sku: 'A', quantity: 4 }])));
    const doc = w.res.get('r1')!;
    assert.equal(doc.channel, undefined);
    assert.equal(doc.allocations, undefined);
  });
});
