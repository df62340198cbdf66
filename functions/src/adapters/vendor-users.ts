/** Vendor users in Firebase Auth: the `vendorId` custom claim, set beside any claims the user has. */
import { getAuth } from 'firebase-admin/auth';
import { adminApp } from './firebase';
import type { VendorUsers } from '../vendors/ports';
import { DomainError } from '../errors';

export class AuthVendorUsers implements VendorUsers {
  async grant(input: { email: string; password?: string; displayName?: string }, vendorId: string): Promise<{ uid: string; created: boolean }> {
    const auth = getAuth(adminApp());
    let user = await auth.getUserByEmail(input.email).catch(() => null);
    const created = !user;
    if (!user) user = await auth.createUser({ email: input.email, ...(input.password ? { password: input.password } : {}), ...(input.displayName ? { displayName: input.displayName } : {}) });
    const claims = user.customClaims ?? {};
    if (typeof claims.vendorId === 'string' && claims.vendorId !== vendorId) {
      throw new DomainError('failed-precondition', `${input.email} is already a user of vendor ${claims.vendorId}: one user serves one vendor`);
    }
    if (claims.admin === true) throw new DomainError('failed-precondition', `${input.email} is an operator: a vendor user is a separate account`);
    await auth.setCustomUserClaims(user.uid, { ...claims, vendorId });
    return { uid: user.uid, created };
  }
}
