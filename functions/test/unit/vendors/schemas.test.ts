import assert from 'node:assert/strict';
import { vendorInput, vendorStatusInput, vendorUserInput } from '../../../src/vendors/schemas';
import { fieldErrors } from '../../../src/zod-errors';

const bad = (r: { success: boolean; error?: unknown }) => (r.success ? [] : fieldErrors(r.error as never).map((e) => e.field));

describe('vendors/schemas', () => {
  it('a vendor: id and name required, the rest with defaults', () => {
    const v = vendorInput.parse({ vendorId: 'v-new', name: '  New Cards ' });
    assert.deepEqual(v, { vendorId: 'v-new', name: 'New Cards', feedCadenceMinutes: 15, contactEmails: [], lowStockThreshold: 2, staleFeedPolicy: 'keep_selling' });
    assert.deepEqual(bad(vendorInput.safeParse({ vendorId: 'a b', name: '', feedCadenceMinutes: 0, contactEmails: ['x'], staleFeedPolicy: 'never' })), ['vendorId', 'name', 'feedCadenceMinutes', 'contactEmails[0]', 'staleFeedPolicy']);
    assert.deepEqual(bad(vendorInput.safeParse({ vendorId: 'v', name: 'n', extra: 1 })), ['(input)']);
  });

  it('a vendor user and a status change', () => {
    assert.equal(vendorUserInput.safeParse({ email: 'a@b.example', password: 'password' }).success, true);
    assert.deepEqual(bad(vendorUserInput.safeParse({ email: 'nope', password: 'short' })), ['email', 'password']);
    assert.deepEqual(bad(vendorStatusInput.safeParse({ status: 'closed' })), ['status']);
  });
});
