/**
 * Writes the demo data set into the running emulators (run by `npm run seed` under
 * `emulators:exec --export-on-exit emulator-data`): a catalog of SKUs over several locations that
 * matches the WMS simulator's initial state, the sync cursor positioned after it, and users.
 */
import { initializeApp } from 'firebase-admin/app';
import { getAuth } from 'firebase-admin/auth';
import { getFirestore, Timestamp } from 'firebase-admin/firestore';
import { buildCatalog } from './catalog';
import { emptyState } from '../src/domain/inventory';
import { stockDoc } from '../src/stock/stock-store';
import { WmsSimulator, encodeCursor } from './wms-simulator';
import { SEED_VENDORS, seedOffers, CARD_PRODUCTS } from './marketplace';

const SKUS = Number(process.env.SEED_SKUS ?? 600);
const LOCATIONS = Number(process.env.SEED_LOCATIONS ?? 6);
const THRESHOLD = 5;

export const SEED_USERS = [
  { uid: 'shopper-alice', email: 'alice@example.com', password: 'password', displayName: 'Alice Shopper', claims: {} },
  { uid: 'shopper-bob', email: 'bob@example.com', password: 'password', displayName: 'Bob Shopper', claims: {} },
  { uid: 'operator-olga', email: 'olga@example.com', password: 'password', displayName: 'Olga Operator', claims: { admin: true } },
  { uid: 'operator-omar', email: 'omar@example.com', password: 'password', displayName: 'Omar Operator', claims: { admin: true } },
  { uid: 'vendor-vera', email: 'vera@example.com', password: 'password', displayName: 'Vera (Aurora Cards)', claims: { vendorId: 'v-aurora' } },
  { uid: 'vendor-victor', email: 'victor@example.com', password: 'password', displayName: 'Victor (Borealis Games)', claims: { vendorId: 'v-borealis' } },
];

async function main() {
  const app = initializeApp({ projectId: process.env.GCLOUD_PROJECT ?? 'demo-inventory' });
  const db = getFirestore(app);
  const now = Timestamp.now();
  const catalog = buildCatalog({ skus: SKUS, locations: LOCATIONS });
  let batch = db.batch();
  let n = 0;
  const stats = { in_stock: 0, low_stock: 0, out_of_stock: 0 };
  for (const row of catalog) {
    const state = emptyState(row.sku, THRESHOLD);
    for (const [loc, onHand] of Object.entries(row.stock)) {
      state.locations[loc] = { onHand, wmsOnHand: onHand, seq: 1, syncedAt: now.toMillis() };
    }
    state.syncedAt = now.toMillis();
    const doc = stockDoc(state, 1, now);
    stats[doc.status as keyof typeof stats]++;
    batch.set(db.collection('inventory').doc(row.sku), doc);
    batch.set(db.collection('products').doc(row.sku), { sku: row.sku, name: row.name, priceCents: row.priceCents, createdAt: now });
    if (++n % 200 === 0) {
      await batch.commit();
      batch = db.batch();
    }
  }
  await batch.commit();
  // The marketplace: card products, two vendors, and their offers at their own locations.
  batch = db.batch();
  for (const p of CARD_PRODUCTS) batch.set(db.collection('products').doc(p.productId), { sku: p.productId, name: p.name, set: p.set, createdAt: now });
  for (const { locationId: _l, prefix: _p, currency: _c, ...v } of SEED_VENDORS) batch.set(db.collection('vendors').doc(v.vendorId), { ...v, status: 'active', createdAt: now, updatedAt: now, createdBy: 'seed', lastFeedAt: now });
  await batch.commit();
  let offers = 0;
  batch = db.batch();
  for (const o of seedOffers(now.toMillis())) {
    batch.set(db.collection('inventory').doc(o.state.sku), stockDoc(o.state, 1, now));
    if (++offers % 200 === 0) {
      await batch.commit();
      batch = db.batch();
    }
  }
  await batch.commit();
  // The simulator's feed starts with one row per position; the cursor skips what the seed holds.
  const sim = new WmsSimulator({ skus: SKUS, locations: LOCATIONS });
  await db.doc('syncState/wms').set({ cursor: encodeCursor(sim.log.length), rolloutPercent: 100, paused: false });
  await db.doc('syncStatus/wms').set({ connectorId: 'wms', state: 'ok', lastSuccessAt: now, lastAttemptAt: now, lastError: null, consecutiveFailures: 0, stale: false, lagMs: 0, staleAfterSeconds: 30 });

  const auth = getAuth(app);
  for (const u of SEED_USERS) {
    await auth.createUser({ uid: u.uid, email: u.email, password: u.password, displayName: u.displayName });
    if (Object.keys(u.claims).length) await auth.setCustomUserClaims(u.uid, u.claims);
  }
  console.log(`seeded ${catalog.length} SKUs over ${LOCATIONS} locations (${JSON.stringify(stats)}), ${SEED_VENDORS.length} vendors with ${offers} offers, and ${SEED_USERS.length} users`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
