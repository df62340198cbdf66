import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sign, verify } from '../../../src/ingest/signature';
import { parseCsv } from '../../../src/ingest/csv';
import { rowSchema } from '../../../src/ingest/schemas';

describe('ingest/signature', () => {
  const body = Buffer.from('{"a":1}');
  it('accepts a fresh, correct signature', () => {
    assert.deepEqual(verify('s3cret', sign('s3cret', body, 1000), body, 1100), { ok: true, t: 1000 });
  });
  it('refuses missing, malformed, expired, replayed-late and wrong signatures', () => {
    assert.deepEqual(verify('s3cret', undefined, body, 1000), { ok: false, reason: 'missing' });
    assert.deepEqual(verify('s3cret', 'v1=abc', body, 1000), { ok: false, reason: 'malformed' });
    assert.deepEqual(verify('s3cret', sign('s3cret', body, 1000), body, 1301), { ok: false, reason: 'expired' });
    assert.deepEqual(verify('s3cret', sign('other', body, 1000), body, 1000), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verify('s3cret', sign('s3cret', body, 1000), Buffer.from('{"a":2}'), 1000), { ok: false, reason: 'mismatch' });
  });
  it('round-trips any body', () => {
    fc.assert(fc.property(fc.uint8Array(), fc.nat(1e9), (bytes, t) => verify('k', sign('k', Buffer.from(bytes), t), Buffer.from(bytes), t).ok));
  });
});

describe('ingest/csv', () => {
  it('parses quoted fields, escaped quotes, CRLF and a BOM', () => {
    const r = parseCsv('\uFEFFop,sku,note\r\nupsert,"A,1","say ""hi"""\r\ndelete,B,\n');
    assert.deepEqual(r.header, ['op', 'sku', 'note']);
    assert.deepEqual(r.rows, [{ op: 'upsert', sku: 'A,1', note: 'say "hi"' }, { op: 'delete', sku: 'B', note: '' }]);
    assert.deepEqual(r.errors, []);
  });
  it('reports rows with the wrong number of columns by line', () => {
    assert.deepEqual(parseCsv('a,b\n1\n1,2\n').errors, [{ line: 2, message: 'expected 2 columns, found 1' }]);
  });
});

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
  });
});
