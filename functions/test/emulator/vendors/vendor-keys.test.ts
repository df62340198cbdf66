import assert from 'node:assert/strict';
import { adminDb, clearFirestore } from '../helpers';
import { MAX_VALID_KEYS, VendorKeyStore } from '../../../src/vendors/vendor-keys';
import { KeyEncryption } from '../../../src/adapters/key-encryption';

describe('vendors/vendor-keys (emulator)', () => {
  const db = adminDb();
  const kek = new KeyEncryption('k'.repeat(32));
  beforeEach(async () => {
    await clearFirestore();
    await db.doc('vendors/v-a').set({ name: 'A', status: 'active' });
  });

  it('a new key is shown once and stored sealed; the previous one stays valid for the grace period', async () => {
    const store = new VendorKeyStore(db, () => kek, 60_000);
    const t = Date.now();
    const first = await store.rotate('v-a', 'vera', t);
    const stored = (await db.doc(`vendorKeys/${first.keyId}`).get()).data()!;
    assert.ok(!JSON.stringify(stored).includes(first.secret), 'the secret is not stored in clear');
    const second = await store.rotate('v-a', 'vera', t + 1000);
    assert.deepEqual((await store.credentialOf('v-a', t + 2000))!.secrets.sort(), [first.secret, second.secret].sort());
    assert.deepEqual((await store.credentialOf('v-a', t + 61_001))!.secrets, [second.secret], 'after the grace period');
    const listed = await store.list('v-a');
    assert.equal(listed.length, 2);
    assert.ok(listed.every((k) => !('secret' in k)));
  });

  it(`at most ${MAX_VALID_KEYS} keys are valid at once; an unknown vendor has none; no KEK fails closed`, async () => {
    const store = new VendorKeyStore(db, () => kek, 60_000);
    const t = Date.now();
    for (let i = 0; i < MAX_VALID_KEYS + 2; i++) await store.rotate('v-a', 'vera', t + i);
    assert.equal((await store.credentialOf('v-a', t + 100))!.secrets.length, MAX_VALID_KEYS);
    assert.equal(await store.credentialOf('v-none', t), null);
    await assert.rejects(store.rotate('v-none', 'x'), /no vendor v-none/);
    await assert.rejects(new VendorKeyStore(db, () => null).rotate('v-a', 'x'), /fail closed/);
    assert.deepEqual((await new VendorKeyStore(db, () => new KeyEncryption('o'.repeat(32))).credentialOf('v-a', t + 100))!.secrets, [], 'under another KEK nothing opens');
  });
});
