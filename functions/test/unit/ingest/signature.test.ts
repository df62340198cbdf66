import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sign, verify } from '../../../src/ingest/signature';

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
