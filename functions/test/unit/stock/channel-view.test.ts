import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { AllocationConfig, DEFAULT_ALLOCATION } from '../../../src/domain/allocation';
import { emptyState, StockState } from '../../../src/domain/inventory';
import { backOn, channelLevels, channelsOf, useAllocation } from '../../../src/stock/channel-view';
import { stockDoc, stockUpdate } from '../../../src/stock/stock-store';

const CFG: AllocationConfig = {
  ...DEFAULT_ALLOCATION,
  channels: {
    online: { kind: 'online', locations: null, strategy: 'priority' },
    'store-berlin': { kind: 'store', locations: ['store-berlin'], strategy: 'priority' },
  },
  locations: { 'store-berlin': { kind: 'store', priority: 1, safetyStock: 2, leadTimeDays: 3, safetyDays: 1 } },
};

const state: StockState = {
  ...emptyState('A', 1),
  locations: {
    wh: { onHand: 10, wmsOnHand: 10, seq: 1, syncedAt: 0, damaged: 1 },
    'store-berlin': { onHand: 3, wmsOnHand: 3, seq: 1, syncedAt: 0, incoming: 20, incomingAt: Date.UTC(2026, 11, 20) },
  },
};

describe('stock/channel-view', () => {
  afterEach(() => useAllocation(DEFAULT_ALLOCATION, false));

  it('available per channel: online keeps the store safety stock back, the store sells its shelf; halted sells nothing', () => {
    assert.deepEqual(channelsOf(state, CFG), { online: { available: 9 + 1, status: 'in_stock' }, 'store-berlin': { available: 3, status: 'in_stock' } });
    assert.deepEqual(channelsOf({ ...state, halt: 'vendor_suspended' }, CFG).online, { available: 0, status: 'out_of_stock' });
  });

  it('the document gains channels only while channels are configured, and backOn while units are incoming; an update removes them when they go', () => {
    assert.equal(backOn(state), Date.UTC(2026, 11, 20));
    assert.deepEqual(Object.keys(channelLevels(state)), ['backOn']);
    useAllocation(CFG, true);
    const doc = stockDoc(state, 1, Timestamp.fromMillis(0));
    assert.deepEqual(doc.channels, channelsOf(state, CFG));
    assert.ok((doc.backOn as Timestamp).isEqual(Timestamp.fromMillis(Date.UTC(2026, 11, 20))));
    assert.deepEqual(doc.locations['store-berlin'], { onHand: 3, seq: 1, syncedAt: Timestamp.fromMillis(0), incoming: 20, incomingAt: Timestamp.fromMillis(Date.UTC(2026, 11, 20)) });
    const arrived: StockState = { ...state, locations: { ...state.locations, 'store-berlin': { onHand: 23, wmsOnHand: 23, seq: 2, syncedAt: 0 } } };
    const upd = new Map(stockUpdate(state, arrived, 2, Timestamp.fromMillis(0)).map(([k, v]) => [k.join('.'), v]));
    assert.equal(upd.get('backOn')?.constructor.name, 'DeleteTransform');
    assert.deepEqual(upd.get('channels'), { online: { available: 30, status: 'in_stock' }, 'store-berlin': { available: 23, status: 'in_stock' } });
  });
});
