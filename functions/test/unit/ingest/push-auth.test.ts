import assert from 'node:assert/strict';
import { PushAuthenticator, PushClaim } from '../../../src/ingest/push-auth';
import { parseIngestSecrets } from '../../../src/ingest/credentials';
import { signRequest, SignedRequest } from '../../../src/ingest/signature';
import { VendorCredential } from '../../../src/ingest/ports';
import { DomainError } from '../../../src/errors';

describe('ingest/push-auth', () => {
  const system = 'w'.repeat(32);
  const vendorKey = 'v'.repeat(32);
  const now = 1_800_000_000;
  const vendors = new Map<string, VendorCredential>([
    ['v-aurora', { vendorId: 'v-aurora', status: 'active', secrets: [vendorKey] }],
    ['v-gone', { vendorId: 'v-gone', status: 'suspended', secrets: [vendorKey] }],
    ['v-new', { vendorId: 'v-new', status: 'active', secrets: [] }],
  ]);
  const used = new Set<string>();
  const auth = new PushAuthenticator({
    secrets: () => parseIngestSecrets(system),
    vendors: { credentialOf: async (id) => vendors.get(id) ?? null },
    replay: { firstUse: async (key) => !used.has(key) && !!used.add(key) },
  });
  const request = (source: string): SignedRequest => ({ method: 'POST', path: '/v1/stock/push', query: '', headers: { 'x-inventory-source': source }, body: `{"n":${Math.random()}}` });
  const claim = (source: string, secret: string, consume = true): PushClaim => {
    const r = request(source);
    return { source, signature: signRequest(secret, r, now), request: r, nowSeconds: now, allowV1: false, consume };
  };
  const refused = (code: string, message: RegExp) => (e: unknown) => e instanceof DomainError && e.code === code && message.test(e.message);

  it('a system source signs with the configured secrets; a vendor only with its own keys', async () => {
    assert.deepEqual(await auth.authenticate(claim('wms', system)), { kind: 'source', source: 'wms', vendorId: null });
    assert.deepEqual(await auth.authenticate(claim('v-aurora', vendorKey)), { kind: 'source', source: 'v-aurora', vendorId: 'v-aurora' });
    await assert.rejects(auth.authenticate(claim('v-aurora', system)), refused('unauthenticated', /signature mismatch/));
    await assert.rejects(auth.authenticate(claim('wms', vendorKey)), refused('unauthenticated', /signature mismatch/));
  });

  it('a signed push is accepted once; a read is not consumed', async () => {
    const c = claim('wms', system);
    await auth.authenticate(c);
    await assert.rejects(auth.authenticate(c), refused('unauthenticated', /replayed/));
    const read = claim('v-aurora', vendorKey, false);
    await auth.authenticate(read);
    await auth.authenticate(read);
  });

  it("a suspended vendor's pushes are refused; a vendor without a key is told how to make one", async () => {
    await assert.rejects(auth.authenticate(claim('v-gone', vendorKey)), refused('permission-denied', /suspended/));
    await assert.rejects(auth.authenticate(claim('v-new', vendorKey)), refused('unauthenticated', /no signing key yet: create one/));
  });

  it('no usable system secret fails closed (unavailable), never open', async () => {
    const closed = new PushAuthenticator({ secrets: () => parseIngestSecrets('short'), vendors: { credentialOf: async () => null }, replay: { firstUse: async () => true } });
    await assert.rejects(closed.authenticate(claim('wms', 'short')), refused('unavailable', /no signing secret/));
  });
});
