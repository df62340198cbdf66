import assert from 'node:assert/strict';
import { sign, signRequest, verify, verifyRequest, WINDOW_SECONDS, SignedRequest } from '../../../src/adapters/hmac-signature';

describe('adapters/hmac-signature', () => {
  const secret = 's'.repeat(32);
  const t = 1_800_000_000;
  const body = Buffer.from('{"a":1}');

  it('v1: the body and time, within the window, and nothing else', () => {
    assert.deepEqual(verify(secret, sign(secret, body, t), body, t + 10), { ok: true, t });
    assert.deepEqual(verify(secret, undefined, body, t), { ok: false, reason: 'missing' });
    assert.deepEqual(verify(secret, 't=x,v1=zz', body, t), { ok: false, reason: 'malformed' });
    assert.deepEqual(verify(secret, sign(secret, body, t), body, t + WINDOW_SECONDS + 1), { ok: false, reason: 'expired' });
    assert.deepEqual(verify(secret, sign(secret, body, t), Buffer.from('{"a":2}'), t), { ok: false, reason: 'mismatch' });
    assert.deepEqual(verify('other'.repeat(8), sign(secret, body, t), body, t), { ok: false, reason: 'mismatch' });
  });

  it('v2 covers the method, path, query and source header; v1 only where allowed', () => {
    const r: SignedRequest = { method: 'POST', path: '/v1/stock/push', query: 'dryRun=1', headers: { 'x-inventory-source': 'erp' }, body };
    const h = signRequest(secret, r, t);
    assert.equal(verifyRequest(secret, h, r, t, false).ok, true);
    for (const changed of [{ ...r, query: '' }, { ...r, path: '/v1/other' }, { ...r, method: 'PUT' }, { ...r, headers: { 'x-inventory-source': 'wms' } }]) {
      assert.deepEqual(verifyRequest(secret, h, changed, t, false), { ok: false, reason: 'mismatch' });
    }
    assert.deepEqual(verifyRequest(secret, sign(secret, body, t), r, t, false), { ok: false, reason: 'v2_required' });
    assert.equal(verifyRequest(secret, sign(secret, body, t), r, t, true).ok, true);
  });
});
