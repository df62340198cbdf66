import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../../helpers';
import { receiptData, receiptRef } from '../../../../src/events/consumers/receipts';
import { InventoryCloudEvent } from '../../../../src/events/schema';

describe('events/consumers/receipts (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('one receipt per consumer and event: a second create of it fails, so an effect and its receipt commit once', async () => {
    const e = { id: 'e1', type: 'inventory.reserved', subject: 'A' } as InventoryCloudEvent;
    const ref = receiptRef(db, 'holds', e.id);
    assert.equal(ref.path, 'consumerReceipts/holds:e1');
    assert.notEqual(receiptRef(db, 'alerts', e.id).path, ref.path);
    await ref.create(receiptData(e));
    await assert.rejects(ref.create(receiptData(e)), /ALREADY_EXISTS|already exists/i);
    const d = (await ref.get()).data()!;
    assert.deepEqual([d.eventId, d.type, d.sku], ['e1', 'inventory.reserved', 'A']);
    assert.ok(d.expireAt, 'expired by TTL after its retention');
  });
});
