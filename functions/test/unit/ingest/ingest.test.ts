import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sign, signRequest, SignedRequest, verify } from '../../../src/ingest/signature';
import { parseCsv } from '../../../src/adapters/csv';
import { rowSchema } from '../../../src/ingest/schemas';
import { authenticate, parseIngestSecrets } from '../../../src/ingest/credentials';

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

describe('adapters/csv (csv-parse)', () => {
  it('parses quoted fields, escaped quotes, CRLF and a BOM', () => {
    const r = parseCsv('\uFEFFop,sku,note\r\nupsert,"A,1","say ""hi"""\r\ndelete,B,\n');
    assert.deepEqual(r.header, ['op', 'sku', 'note']);
    assert.deepEqual(r.rows.map((x) => x.values), [{ op: 'upsert', sku: 'A,1', note: 'say "hi"' }, { op: 'delete', sku: 'B', note: '' }]);
    assert.deepEqual(r.errors, []);
  });
  it('counts lines, not records: empty lines and multi-line fields keep the numbering true', () => {
    assert.deepEqual(parseCsv('a,b\n\n1').errors, [{ line: 3, message: 'expected 2 columns, found 1' }]);
    const r = parseCsv('a,b\n"x\ny",1\n2\n');
    assert.deepEqual(r.rows.map((x) => x.line), [3, 4]);
    assert.deepEqual(r.errors, [{ line: 4, message: 'expected 2 columns, found 1' }]);
  });
  it('an unclosed quote is an error, not the rest of the file swallowed', () => {
    const r = parseCsv('a,b\n"open,1\n2,3\n4,5\n');
    assert.deepEqual(r.rows, []);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0]!.message, /never closed/);
  });
  it('text after a closing quote is an error with its line and field', () => {
    assert.deepEqual(parseCsv('a,b\n1,"x"junk\n').errors, [{ line: 2, column: 2, message: 'text after a closing quote' }]);
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

describe('ingest/credentials', () => {
  const KEY = 'k'.repeat(32);
  const OLD = 'o'.repeat(32);
  const ERP = 'e'.repeat(40);
  const body = Buffer.from('{"source":"erp"}');
  const at = 1_800_000_000;
  const req = (over: Partial<SignedRequest> = {}): SignedRequest => ({ method: 'POST', path: '/v1/inventory/sync', query: '', headers: {}, body, ...over });

  it('reads one secret, or JSON with a default and per-source lists', () => {
    assert.deepEqual(parseIngestSecrets(KEY), { fallback: [KEY], bySource: {} });
    assert.deepEqual(parseIngestSecrets(JSON.stringify({ '*': [KEY, OLD], erp: ERP })), { fallback: [KEY, OLD], bySource: { erp: [ERP] } });
    assert.deepEqual(parseIngestSecrets(''), { fallback: [], bySource: {} });
    assert.deepEqual(parseIngestSecrets('{not json'), { fallback: [], bySource: {} }, 'a broken value is no secret at all');
  });

  it('fails closed: no secret of 32 bytes or more answers 503, whatever is signed', () => {
    const empty = authenticate(parseIngestSecrets(''), null, sign('', body, at), req(), at, true);
    assert.deepEqual([empty.ok, !empty.ok && empty.status], [false, 503]);
    const short = authenticate(parseIngestSecrets('short-secret'), null, sign('short-secret', body, at), req(), at, true);
    assert.deepEqual([short.ok, !short.ok && short.status], [false, 503]);
    const noneForSource = authenticate(parseIngestSecrets(JSON.stringify({ '*': [KEY], erp: ['tiny'] })), 'erp', sign('tiny', body, at), req(), at, true);
    assert.deepEqual([noneForSource.ok, !noneForSource.ok && noneForSource.status], [false, 503]);
  });

  it('accepts the current or previous key; a source with its own keys only with those', () => {
    const s = parseIngestSecrets(JSON.stringify({ '*': [KEY, OLD], erp: [ERP] }));
    assert.equal(authenticate(s, 'vendor', sign(OLD, body, at), req(), at, true).ok, true);
    assert.equal(authenticate(s, null, sign(KEY, body, at), req(), at, true).ok, true);
    assert.equal(authenticate(s, 'erp', sign(KEY, body, at), req(), at, true).ok, false);
    assert.equal(authenticate(s, 'erp', sign(ERP, body, at), req(), at, true).ok, true);
    const expired = authenticate(s, null, sign(KEY, body, at - 301), req(), at, true);
    assert.deepEqual([expired.ok, !expired.ok && expired.reason], [false, 'signature expired']);
  });

  it('v2 covers the method, path, query, source and batch headers and body; v1 only where the body is everything', () => {
    const s = parseIngestSecrets(KEY);
    const csv = req({ query: 'source=vendor-1&batchId=b-1', body: Buffer.from('sku,locationId\n') });
    assert.equal(authenticate(s, 'vendor-1', signRequest(KEY, csv, at), csv, at, false).ok, true);
    for (const [what, changed] of [
      ['another batch id in the query', { ...csv, query: 'source=vendor-1&batchId=b-2' }],
      ['another method', { ...csv, method: 'PUT' }],
      ['another path', { ...csv, path: '/v1/jobs/j-1' }],
      ['another body', { ...csv, body: Buffer.from('sku,locationId\nA,wh\n') }],
      ['a batch header added', { ...csv, headers: { 'x-inventory-batch-id': 'b-9' } }],
      ['a source header added', { ...csv, headers: { 'x-inventory-source': 'other' } }],
    ] as const) {
      const r = authenticate(s, 'vendor-1', signRequest(KEY, csv, at), changed, at, false);
      assert.deepEqual([r.ok, !r.ok && r.reason], [false, 'signature mismatch'], what);
    }
    const v1 = authenticate(s, 'vendor-1', sign(KEY, csv.body, at), csv, at, false);
    assert.equal(v1.ok, false);
    assert.match(!v1.ok ? v1.reason : '', /v2 required/);
    assert.equal(authenticate(s, null, sign(KEY, body, at), req(), at, true).ok, true, 'a JSON push without a query keeps v1 (CONTRACT)');
    assert.equal(authenticate(s, null, signRequest(KEY, req(), at), req(), at, true).ok, true, 'and may use v2');
  });
});
