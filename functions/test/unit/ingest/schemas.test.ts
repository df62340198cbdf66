import assert from 'node:assert/strict';
import { rowSchema } from '../../../src/ingest/schemas';

describe('ingest/schemas row', () => {
  const ok = { op: 'upsert', sku: 'A', locationId: 'wh-01', onHand: 3, seq: 7, occurredAt: '2026-11-21T10:00:00Z' };
  it('accepts JSON numbers and CSV integer strings', () => {
    assert.ok(rowSchema.safeParse(ok).success);
    assert.equal(rowSchema.parse({ ...ok, onHand: '3', seq: '7' }).onHand, 3);
    assert.ok(rowSchema.safeParse({ ...ok, op: 'delete', onHand: undefined }).success);
  });
  it('names the field of every problem', () => {
    const fields = (row: object) => (rowSchema.safeParse(row).error?.issues ?? []).map((i) => i.path.join('.'));
    assert.deepEqual(fields({ ...ok, onHand: -1 }), ['onHand']);
    assert.deepEqual(fields({ ...ok, onHand: '1.5' }), ['onHand']);
    assert.deepEqual(fields({ ...ok, seq: 'x' }), ['seq']);
    assert.deepEqual(fields({ ...ok, op: 'merge' }), ['op']);
    assert.deepEqual(fields({ ...ok, occurredAt: 'yesterday' }), ['occurredAt']);
    assert.deepEqual(fields({ ...ok, onHand: undefined }), ['onHand']);
    assert.deepEqual(fields({ ...ok, sku: 'a/b' }), ['sku']);
    assert.deepEqual(fields({ ...ok, damaged: 2, qualityControl: 2 }), ['damaged']);
    assert.deepEqual(fields({ ...ok, incoming: -1, incomingAt: 'soon' }), ['incoming', 'incomingAt']);
  });
  it('carries the unit states that must not sell, from JSON or CSV cells (an empty cell: unchanged)', () => {
    const r = rowSchema.parse({ ...ok, damaged: '1', qualityControl: '', incoming: 20, incomingAt: '2026-12-20T00:00:00Z', safetyStock: '2' });
    assert.deepEqual([r.damaged, r.qualityControl, r.incoming, r.incomingAt, r.safetyStock], [1, undefined, 20, '2026-12-20T00:00:00Z', 2]);
  });
});
