import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { getAuth } from 'firebase-admin/auth';
import { adminApp } from '../../../src/adapters/firebase';
import { AuthVendorUsers } from '../../../src/adapters/vendor-users';
import '../helpers';

describe('adapters/vendor-users (Auth emulator)', () => {
  const auth = () => getAuth(adminApp());

  it('creates the user or grants an existing one the vendorId claim, keeping its other claims', async () => {
    const email = `seller-${randomUUID().slice(0, 8)}@example.com`;
    const users = new AuthVendorUsers();
    const first = await users.grant({ email, password: 'password', displayName: 'Seller' }, 'v-one');
    assert.equal(first.created, true);
    await auth().setCustomUserClaims(first.uid, { vendorId: 'v-one', beta: true });
    const again = await users.grant({ email }, 'v-one');
    assert.deepEqual(again, { uid: first.uid, created: false });
    assert.deepEqual((await auth().getUser(first.uid)).customClaims, { vendorId: 'v-one', beta: true });
  });

  it('one user serves one vendor, and an operator is never a vendor user', async () => {
    const users = new AuthVendorUsers();
    const email = `seller-${randomUUID().slice(0, 8)}@example.com`;
    await users.grant({ email }, 'v-one');
    await assert.rejects(users.grant({ email }, 'v-two'), /already a user of vendor v-one/);
    const op = await auth().createUser({ email: `op-${randomUUID().slice(0, 8)}@example.com` });
    await auth().setCustomUserClaims(op.uid, { admin: true });
    await assert.rejects(users.grant({ email: op.email! }, 'v-one'), /is an operator/);
    assert.equal((await auth().getUser(op.uid)).customClaims?.vendorId, undefined);
  });
});
