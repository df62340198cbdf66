import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCompleteOffer, offerIdFor, ownership, patchOffer, resolveVendorSku, sameOffer, vendorOfOfferId, Offer } from '../../../src/domain/offer';
import { applyCounts, emptyState, levelsOf, reserve, setHalt } from '../../../src/domain/inventory';
import { vendorOnly } from '../../../src/ingest/processor';
import { LocationChange } from '../../../src/domain/sequence';

const offer: Offer = { vendorId: 'v-a', vendorSku: 'C-1', productId: 'card-1', condition: 'NM', language: 'en', foil: false, signed: false, price: { amount: 100, currency: 'EUR' } };
const vendorIds = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);
const codes = fc.stringMatching(/^[^/\s]{1,40}$/);

describe('domain/offer', () => {
  it('maps a vendor code to an offer id in its own namespace, and back', () => {
    assert.equal(offerIdFor('v-a', 'C-1'), 'v-a~C-1');
    assert.equal(vendorOfOfferId('v-a~C-1'), 'v-a');
    assert.equal(vendorOfOfferId('SKU-1'), null);
    assert.deepEqual(resolveVendorSku('v-a', 'C-1'), { ok: true, offerId: 'v-a~C-1', vendorSku: 'C-1' });
    assert.deepEqual(resolveVendorSku('v-a', 'v-a~C-1'), { ok: true, offerId: 'v-a~C-1', vendorSku: 'C-1' });
    const other = resolveVendorSku('v-a', 'v-b~C-1');
    assert.equal(other.ok, false);
    assert.match((other as { message: string }).message, /belongs to another vendor/);
    assert.equal(resolveVendorSku('v-a', 'x'.repeat(199)).ok, false);
  });

  it('never resolves any code of a vendor to an offer id outside its namespace (property)', () => {
    fc.assert(fc.property(vendorIds, codes, (v, c) => {
      const r = resolveVendorSku(v, c);
      return !r.ok || (vendorOfOfferId(r.offerId) === v && r.offerId.startsWith(`${v}~`));
    }));
  });

  it('judges ownership: own, absent or foreign (a plain SKU is foreign to every vendor)', () => {
    assert.equal(ownership('v-a', { exists: true, offer }), 'own');
    assert.equal(ownership('v-b', { exists: true, offer }), 'foreign');
    assert.equal(ownership('v-a', { exists: true, offer: null }), 'foreign');
    assert.equal(ownership('v-a', { exists: false }), 'absent');
  });

  it('creates an offer only from a complete patch, and updates any attribute but the vendor', () => {
    assert.equal(patchOffer(null, 'v-a', 'C-1', { productId: 'p' }), null);
    assert.ok(isCompleteOffer({ productId: 'p', condition: 'EX', language: 'de', price: { amount: 1, currency: 'EUR' } }));
    const created = patchOffer(null, 'v-a', 'C-1', { productId: 'p', condition: 'EX', language: 'de', price: { amount: 1, currency: 'EUR' } })!;
    assert.deepEqual([created.foil, created.signed, created.vendorId], [false, false, 'v-a']);
    const updated = patchOffer(created, 'v-b', 'X', { price: { amount: 5, currency: 'EUR' }, foil: true })!;
    assert.deepEqual([updated.vendorId, updated.vendorSku, updated.price.amount, updated.foil, updated.condition], ['v-a', 'C-1', 5, true, 'EX']);
    assert.ok(sameOffer(created, { ...created }));
    assert.ok(!sameOffer(created, updated));
  });
});

describe('offers in the stock aggregate', () => {
  const change = (seq: number, onHand: number, patch = {}): LocationChange => ({ sku: 'v-a~C-1', locationId: 'v-loc', seq, onHand, deleted: false, updatedAt: 0, offer: { vendorId: 'v-a', vendorSku: 'C-1', patch } });
  const full = { productId: 'card-1', condition: 'NM' as const, language: 'en', price: { amount: 100, currency: 'EUR' } };

  it('a halted offer sells nothing whatever its count; holds are refused; clearing restores it', () => {
    const s = applyCounts(emptyState('v-a~C-1', 2), [change(1, 5, full)], 0, 'push:v-a').state;
    assert.equal(levelsOf(s).available, 5);
    const h = setHalt(s, 'vendor_suspended', 'operator', 'olga');
    assert.deepEqual([levelsOf(h.state).available, levelsOf(h.state).status, levelsOf(h.state).onHand], [0, 'out_of_stock', 5]);
    assert.deepEqual(h.events.map((e) => e.type), ['inventory.adjusted', 'inventory.out_of_stock']);
    assert.equal(h.events[0]!.data.halt, 'vendor_suspended');
    assert.equal(reserve(h.state, 1, { reservationId: 'r', source: 'checkout' }).ok, false);
    assert.deepEqual(setHalt(h.state, 'vendor_suspended', 'operator').events, [], 'idempotent');
    const back = setHalt(h.state, null, 'operator');
    assert.equal(levelsOf(back.state).available, 5);
    assert.ok(back.events.some((e) => e.type === 'inventory.back_in_stock'));
  });

  it('carries the attributes on the event that creates or changes them, the vendor on every event; an attribute-only change is an adjusted event', () => {
    const r = applyCounts(emptyState('v-a~C-1', 2), [change(1, 5, full)], 0, 'push:v-a');
    assert.equal(r.events[0]!.data.offer?.productId, 'card-1');
    const p = applyCounts(r.state, [change(2, 5, { price: { amount: 90, currency: 'EUR' } })], 1, 'push:v-a');
    assert.deepEqual([p.events[0]!.type, p.events[0]!.data.reason, p.state.offer?.price.amount, p.events[0]!.data.offer?.price.amount], ['inventory.adjusted', 'offer_updated', 90, 90]);
    // A count alone names the vendor and leaves the attributes out (they did not change).
    const c = applyCounts(p.state, [change(3, 4)], 2, 'push:v-a');
    assert.deepEqual([c.events[0]!.data.vendorId, c.events[0]!.data.offer], ['v-a', undefined]);
  });

  it("a vendor's changes apply to its own offers or create one, never to another's or a plain SKU", () => {
    const compute = vendorOnly('v-a', 3);
    const created = compute(emptyState('v-a~C-1', 9), [change(1, 4, full)], 0, 'push:v-a');
    assert.deepEqual([created.applied, created.state.lowStockThreshold, created.state.offer?.vendorId], [1, 3, 'v-a']);
    const incomplete = compute(emptyState('v-a~C-2', 9), [change(1, 4, { price: { amount: 1, currency: 'EUR' } })], 0, 'push:v-a');
    assert.deepEqual([incomplete.applied, incomplete.stale], [0, 1]);
    const foreign = vendorOnly('v-b', null)(created.state, [change(2, 0)], 0, 'push:v-b');
    assert.deepEqual([foreign.applied, foreign.state], [0, created.state]);
    const plain = applyCounts(emptyState('SKU-1', 2), [{ sku: 'SKU-1', locationId: 'wh', seq: 1, onHand: 3, deleted: false, updatedAt: 0 }], 0, 'wms').state;
    assert.equal(vendorOnly('v-a', null)(plain, [{ sku: 'SKU-1', locationId: 'wh', seq: 2, onHand: 0, deleted: false, updatedAt: 0 }], 0, 'push:v-a').applied, 0);
  });
});
