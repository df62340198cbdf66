/** Shoppers' e-mail addresses from Firebase Auth, for notifications that leave the page. */
import { getAuth } from 'firebase-admin/auth';
import { adminApp } from './firebase';
import { ShopperContacts } from '../events/ports';

export class AuthContacts implements ShopperContacts {
  async emails(uids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < uids.length; i += 100) {
      const { users } = await getAuth(adminApp()).getUsers(uids.slice(i, i + 100).map((uid) => ({ uid })));
      for (const u of users) if (u.email) out.set(u.uid, u.email);
    }
    return out;
  }
}
