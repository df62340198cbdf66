/**
 * The checked-in `emulator-data/` as `npm start` imports it (run by `npm test` under
 * `emulators:exec --import emulator-data`): no client-readable document holds a private field, and
 * the marketplace is there (two vendors, one user each, their offers with attributes).
 */
import assert from 'node:assert/strict';
import { getAuth } from 'firebase-admin/auth';
import { adminDb } from '../emulator/helpers';
import { STOCK_FIELDS } from '../../src/stock/stock-store';

const db = adminDb();
/** Collections a client may read (firestore.rules), with the fields that must never be in them. */
const PUBLIC = ['inventory', 'products', 'syncStatus', 'vendors', 'reservations', 'paymentIntents', 'notifications', 'ingestJobs', 'alerts', 'adjustments', 'inventoryEvents'];
const PRIVATE_FIELDS = ['pendingSales', 'removedLocations', 'shortfall', 'wmsOnHand', 'sealed', 'secret', 'breaker', 'rejectedRows'];

function privateFields(v: unknown, at: string, out: string[]): string[] {
  if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !('toMillis' in (v as object))) {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (PRIVATE_FIELDS.includes(k)) out.push(`${at}.${k}`);
      privateFields(x, `${at}.${k}`, out);
    }
  }
  return out;
}

describe('checked-in emulator-data/', function () {
  this.timeout(60_000);

  it('has no private field in any client-readable document', async () => {
    const found: string[] = [];
    let docs = 0;
    for (const c of PUBLIC) {
      for (const d of (await db.collection(c).get()).docs) {
        docs++;
        privateFields(d.data(), `${c}/${d.id}`, found);
      }
    }
    assert.ok(docs > 600, `read ${docs} documents`);
    assert.deepEqual(found.slice(0, 10), [], `${found.length} private fields in public documents`);
  });

  it('has every stock document in the current shape', async () => {
    const stale = (await db.collection('inventory').get()).docs.filter((d) => !STOCK_FIELDS.every((k) => k in d.data())).map((d) => d.id);
    assert.deepEqual(stale.slice(0, 10), []);
  });

  it('has the two vendors, one user each, and their offers with condition, language and price', async () => {
    for (const [email, vendorId] of [['vera@example.com', 'v-aurora'], ['victor@example.com', 'v-borealis']] as const) {
      const user = await getAuth().getUserByEmail(email);
      assert.equal(user.customClaims?.vendorId, vendorId);
      assert.equal((await db.doc(`vendors/${vendorId}`).get()).data()?.status, 'active');
      const offers = (await db.collection('inventory').where('vendorId', '==', vendorId).get()).docs.map((d) => d.data());
      assert.ok(offers.length >= 10, `${vendorId}: ${offers.length} offers`);
      for (const o of offers) {
        assert.match(o.sku, new RegExp(`^${vendorId}~`));
        assert.ok(['MT', 'NM', 'EX', 'GD', 'LP', 'PL', 'PO'].includes(o.condition));
        assert.match(o.language, /^[a-z]{2}$/);
        assert.ok(Number.isInteger(o.price.amount) && /^[A-Z]{3}$/.test(o.price.currency));
        assert.ok((await db.doc(`products/${o.productId}`).get()).exists, `product ${o.productId}`);
      }
    }
  });
});
