import assert from 'node:assert/strict';
import { CSV_COLUMNS, csvPayload } from '../../../src/ingest/csv-payload';
import { DomainError } from '../../../src/errors';

const fields = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof DomainError && e.code === 'invalid-argument');
    return (e.details!.errors as { field: string; message: string }[]).map((x) => `${x.field}: ${x.message}`);
  }
  return assert.fail('not refused');
};

describe('ingest/csv-payload', () => {
  it('a CSV body becomes the push envelope, one update per row', () => {
    const p = csvPayload(`${CSV_COLUMNS.join(',')}\nupsert,A,wh-1,5,3,2026-12-03T10:00:00Z\n`, 'erp', 'b1');
    assert.deepEqual(p, { source: 'erp', batchId: 'b1', updates: [{ op: 'upsert', sku: 'A', locationId: 'wh-1', onHand: '5', seq: '3', occurredAt: '2026-12-03T10:00:00Z' }] });
  });

  it('names each missing column, and each malformed line with its field', () => {
    assert.deepEqual(fields(() => csvPayload('op,sku,onHand\n', 's', 'b')), ['locationId: column is missing', 'seq: column is missing', 'occurredAt: column is missing']);
    assert.deepEqual(fields(() => csvPayload(`${CSV_COLUMNS.join(',')}\nupsert,A\n`, 's', 'b')), ['line 2: expected 6 columns, found 2']);
  });
});
