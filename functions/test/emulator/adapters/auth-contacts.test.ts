import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { getAuth } from 'firebase-admin/auth';
import { adminApp } from '../../../src/adapters/firebase';
import { AuthContacts } from '../../../src/adapters/auth-contacts';
import '../helpers';

describe('adapters/auth-contacts (Auth emulator)', () => {
  it("looks up shoppers' e-mail addresses, skipping users without one and unknown uids, past 100 at a time", async () => {
    const auth = getAuth(adminApp());
    const tag = randomUUID().slice(0, 8);
    const withMail = await Promise.all(Array.from({ length: 101 }, (_, i) => auth.createUser({ email: `shopper-${tag}-${i}@example.com` })));
    const noMail = await auth.createUser({});
    const got = await new AuthContacts().emails([...withMail.map((u) => u.uid), noMail.uid, `unknown-${tag}`]);
    assert.equal(got.size, 101);
    assert.equal(got.get(withMail[100]!.uid), `shopper-${tag}-100@example.com`);
    assert.equal(got.has(noMail.uid), false);
  });
});
