import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../../helpers';
import { forwardHold } from '../../../../src/events/consumers/holds';
import { InventoryCloudEvent } from '../../../../src/events/schema';

describe('events/consumers/holds (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);
  const event = (type: string, id: string, delta: number, extra: Record<string, unknown> = {}) =>
    ({ id, type, subject: 'A', data: { sku: 'A', delta, reservationId: 'r1', ...extra } }) as unknown as InventoryCloudEvent;

  it('holds taken and given back reach the external system once per event; other events are not holds', async () => {
    const seen: unknown[] = [];
    const sink = { reportSale: async () => [], reportHold: async (h: unknown) => void seen.push(h) };
    assert.deepEqual(await forwardHold(db, sink, event('inventory.reserved', 'e1', -2)), { forwarded: true });
    assert.deepEqual(await forwardHold(db, sink, event('inventory.reserved', 'e1', -2)), { forwarded: false }, 'a redelivery');
    await forwardHold(db, sink, event('inventory.released', 'e2', 2, { reason: 'expired' }));
    assert.deepEqual(await forwardHold(db, sink, event('inventory.synced', 'e3', 1)), { forwarded: false });
    assert.deepEqual(seen, [
      { eventId: 'e1', reservationId: 'r1', sku: 'A', quantity: 2, action: 'held' },
      { eventId: 'e2', reservationId: 'r1', sku: 'A', quantity: 2, action: 'released', reason: 'expired' },
    ]);
  });

  it('a failed report is not receipted, so the redelivery reports it', async () => {
    let fail = true;
    const sink = { reportSale: async () => [], reportHold: async () => { if (fail) throw new Error('WMS down'); } };
    await assert.rejects(forwardHold(db, sink, event('inventory.reserved', 'e9', -1)), /WMS down/);
    fail = false;
    assert.deepEqual(await forwardHold(db, sink, event('inventory.reserved', 'e9', -1)), { forwarded: true });
  });
});
