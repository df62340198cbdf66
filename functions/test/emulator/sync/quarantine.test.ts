import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore } from '../helpers';
import { quarantine } from '../../../src/sync/quarantine';

describe('sync/quarantine (emulator)', () => {
  const db = adminDb();
  beforeEach(clearFirestore);

  it('keeps each bad row with its reason and SKU, once even when the same page is read again', async () => {
    const rows = [
      { row: { row: { sku: 'A', onHand: -1 }, reason: 'onHand: must be >= 0' }, cursor: 'c1', index: 0 },
      { row: { row: 'garbage', reason: '(row): not an object' }, cursor: 'c1', index: 1 },
    ];
    await quarantine(db, 'wms', rows);
    await quarantine(db, 'wms', rows);
    const docs = (await db.collection('syncRejects').get()).docs.map((d) => d.data());
    assert.equal(docs.length, 2);
    const a = docs.find((d) => d.sku === 'A')!;
    assert.deepEqual([a.connectorId, a.reason, a.cursor, a.row], ['wms', 'onHand: must be >= 0', 'c1', '{"sku":"A","onHand":-1}']);
    assert.ok(docs.every((d) => d.expireAt instanceof Timestamp));
    assert.equal(docs.find((d) => d.row === '"garbage"')!.sku, undefined);
  });
});
