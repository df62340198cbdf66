import assert from 'node:assert/strict';
import { EVENT_TYPES, StockEvent, transitionTypes, withTransitions } from '../../../src/domain/events';

describe('domain/events', () => {
  it('a status change adds its transition events; no change adds none', () => {
    assert.deepEqual(transitionTypes({ before: 'in_stock', after: 'in_stock' }), []);
    assert.deepEqual(transitionTypes({ before: 'in_stock', after: 'out_of_stock' }), ['inventory.out_of_stock']);
    assert.deepEqual(transitionTypes({ before: 'low_stock', after: 'out_of_stock' }), ['inventory.out_of_stock']);
    assert.deepEqual(transitionTypes({ before: 'out_of_stock', after: 'in_stock' }), ['inventory.back_in_stock']);
    assert.deepEqual(transitionTypes({ before: 'out_of_stock', after: 'low_stock' }), ['inventory.back_in_stock', 'inventory.low_stock']);
    assert.deepEqual(transitionTypes({ before: 'in_stock', after: 'low_stock' }), ['inventory.low_stock']);
    assert.deepEqual(transitionTypes({ before: 'low_stock', after: 'in_stock' }), []);
  });

  it('transition events share the primary event’s data, after it', () => {
    const primary = { type: 'inventory.synced', data: { sku: 'A' } } as unknown as StockEvent;
    const all = withTransitions(primary, { before: 'out_of_stock', after: 'in_stock' });
    assert.deepEqual(all.map((e) => e.type), ['inventory.synced', 'inventory.back_in_stock']);
    assert.equal(all[1]!.data, primary.data);
    for (const e of all) assert.ok(EVENT_TYPES.includes(e.type));
  });
});
