import assert from 'node:assert/strict';
import { adminDb } from '../../helpers';
import { GUARDS } from '../../../../src/triggers/http/guards';
import { ApiServices } from '../../../../src/triggers/http/services';
import { PushAuthenticator } from '../../../../src/ingest/push-auth';
import { parseIngestSecrets } from '../../../../src/ingest/credentials';
import { sign, signRequest } from '../../../../src/ingest/signature';
import { PAYMENT_SIGNATURE_HEADER } from '../../../../src/checkout/payment-intents';
import { DomainError } from '../../../../src/errors';
import { emulatorIdToken } from '../../../../tools/auth-emulator';

describe('triggers/http/guards (Auth emulator)', () => {
  before(() => void adminDb()); // the default app, which verifies ID tokens
  const secret = 's'.repeat(32);
  const webhook = 'p'.repeat(32);
  const app = {
    config: () => ({ paymentWebhookSecret: webhook }),
    pushAuth: () => new PushAuthenticator({ secrets: () => parseIngestSecrets(secret), vendors: { credentialOf: async () => null }, replay: { firstUse: async () => true } }),
  } as unknown as ApiServices;
  const req = (o: { method?: string; headers?: Record<string, string>; body?: string; url?: string }) => {
    const headers = Object.fromEntries(Object.entries(o.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { method: o.method ?? 'GET', url: o.url ?? '/v1/x', originalUrl: o.url ?? '/v1/x', query: {}, rawBody: o.body === undefined ? undefined : Buffer.from(o.body), get: (h: string) => headers[h.toLowerCase()] } as never;
  };
  const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof DomainError ? e.code : `unexpected: ${String(e)}`));

  it('operator: an ID token with the admin claim; no token 401, no claim 403', async () => {
    const op = await emulatorIdToken('guards-olga', { admin: true }, 'guards.example.com');
    assert.deepEqual(await GUARDS.operator(req({ headers: { authorization: `Bearer ${op}` } }), '/v1/x', app), { kind: 'operator', uid: 'guards-olga' });
    assert.equal(await code(GUARDS.operator(req({}), '/v1/x', app)), 'unauthenticated');
    assert.equal(await code(GUARDS.operator(req({ headers: { authorization: 'Bearer forged' } }), '/v1/x', app)), 'unauthenticated');
    assert.equal(await code(GUARDS.operator(req({ headers: { authorization: `Bearer ${await emulatorIdToken('guards-sam', {}, 'guards.example.com')}` } }), '/v1/x', app)), 'permission-denied');
  });

  it('vendor: an ID token with the vendorId claim, which becomes the principal’s vendor', async () => {
    const vera = await emulatorIdToken('guards-vera', { vendorId: 'v-aurora' }, 'guards.example.com');
    assert.deepEqual(await GUARDS.vendor(req({ headers: { authorization: `Bearer ${vera}` } }), '/v1/vendor', app), { kind: 'vendor', uid: 'guards-vera', vendorId: 'v-aurora' });
    assert.equal(await code(GUARDS.vendor(req({ headers: { authorization: `Bearer ${await emulatorIdToken('guards-olga', { admin: true }, 'guards.example.com')}` } }), '/v1/vendor', app)), 'permission-denied');
  });

  it('ingest: a signed push; the size cap is checked before the signature; ingestOrOperator takes either', async () => {
    const body = JSON.stringify({ source: 'erp', batchId: 'b', updates: [{}] });
    const t = Math.floor(Date.now() / 1000);
    const signed = req({ method: 'POST', body, headers: { 'content-type': 'application/json', 'x-inventory-signature': sign(secret, body, t) } });
    assert.deepEqual(await GUARDS.ingest(signed, '/v1/stock/push', app), { kind: 'source', source: 'erp', vendorId: null });
    const huge = req({ method: 'POST', body: 'x'.repeat(2 * 1024 * 1024 + 1), headers: { 'content-type': 'application/json' } });
    assert.equal(await code(GUARDS.ingest(huge, '/v1/stock/push', app)), 'payload-too-large');
    const read = signRequest(secret, { method: 'GET', path: '/v1/jobs/j1', query: '', headers: { 'x-inventory-source': 'erp' }, body: '' }, t);
    const jobRead = req({ headers: { 'x-inventory-source': 'erp', 'x-inventory-signature': read } });
    assert.equal((await GUARDS.ingestOrOperator(jobRead, '/v1/jobs/j1', app)).kind, 'source');
    assert.equal(await code(GUARDS.ingestOrOperator(req({ headers: { authorization: 'Bearer forged' } }), '/v1/jobs/j1', app)), 'unauthenticated');
  });

  it("payment: the provider's HMAC with its own secret; unconfigured fails closed", async () => {
    const body = '{"id":"evt"}';
    const t = Math.floor(Date.now() / 1000);
    assert.deepEqual(await GUARDS.payment(req({ method: 'POST', body, headers: { [PAYMENT_SIGNATURE_HEADER]: sign(webhook, body, t) } }), '/v1/payments/events', app), { kind: 'payment' });
    assert.equal(await code(GUARDS.payment(req({ method: 'POST', body, headers: { [PAYMENT_SIGNATURE_HEADER]: sign(secret, body, t) } }), '/v1/payments/events', app)), 'unauthenticated');
    const unconfigured = { config: () => ({ paymentWebhookSecret: '' }) } as unknown as ApiServices;
    assert.equal(await code(GUARDS.payment(req({ method: 'POST', body }), '/v1/payments/events', unconfigured)), 'unavailable');
  });
});
