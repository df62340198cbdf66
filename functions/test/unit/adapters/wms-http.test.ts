import assert from 'node:assert/strict';
import { parseRetryAfter, parseRows } from '../../../src/adapters/wms-http';

describe('adapters/wms-http (pure parts)', () => {
  it('parses WMS rows: valid rows become changes, malformed and reserved ids are rejected with the field', () => {
    const ok = { sku: 'A', locationId: 'wh-01', onHand: 3, seq: 7, updatedAt: '2026-11-30T10:00:00Z' };
    const { changes, rejected } = parseRows([ok, { ...ok, sku: '__x__' }, { ...ok, onHand: -1 }, { ...ok, locationId: 'a/b' }, 'junk', { ...ok, deleted: true }]);
    assert.deepEqual(changes.map((c) => [c.sku, c.onHand, c.seq, c.deleted]), [['A', 3, 7, false], ['A', 3, 7, true]]);
    assert.equal(changes[0]!.updatedAt, Date.parse('2026-11-30T10:00:00Z'));
    assert.deepEqual(rejected.map((r) => r.reason.split(':')[0]), ['sku', 'onHand', 'locationId', '(row)']);
  });

  it('parses Retry-After as delta-seconds or an HTTP date; anything else is no hint', () => {
    assert.equal(parseRetryAfter('3'), 3000);
    assert.equal(parseRetryAfter(' 0 '), 0);
    assert.equal(parseRetryAfter('Mon, 30 Nov 2026 12:00:05 GMT', Date.parse('2026-11-30T12:00:00Z')), 5000);
    assert.equal(parseRetryAfter('Mon, 30 Nov 2026 11:00:00 GMT', Date.parse('2026-11-30T12:00:00Z')), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter('soon'), null);
    assert.equal(parseRetryAfter(null), null);
  });
});
