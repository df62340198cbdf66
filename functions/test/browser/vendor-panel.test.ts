/**
 * The vendor panel (`/vendor.html` on the Hosting emulator) in Chromium, with 5,000 offers for one
 * vendor: live jobs with row errors and the downloadable error report (from a real signed push),
 * paged and searched offers, alerts, an adjustment request, key rotation, the export; and vendor B
 * signed in sees none of vendor A's data.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium, SHOTS } from './chromium';
import { getAuth } from 'firebase-admin/auth';
import { Timestamp } from 'firebase-admin/firestore';
import { adminDb, clearFirestore, PROJECT_ID, waitFor } from '../emulator/helpers';
import { emptyState } from '../../src/domain/inventory';
import { offerIdFor } from '../../src/domain/offer';
import { eventEntries, stockDoc } from '../../src/stock/stock-store';
import { signRequest } from '../../src/ingest/signature';

const db = adminDb();
const WEB = 'http://127.0.0.1:5000';
const API = `http://127.0.0.1:5001/${PROJECT_ID}/us-central1/api`;
const N = 5000;
const code = (k: number) => `AUR-${String(k).padStart(5, '0')}`;

async function idToken(email: string): Promise<string> {
  const r = await fetch(`http://${process.env.FIREBASE_AUTH_EMULATOR_HOST}/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=demo`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'password', returnSecureToken: true }),
  });
  return ((await r.json()) as { idToken: string }).idToken;
}

describe('vendor panel with 5,000 offers (Chromium, Hosting emulator)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let page: Page;

  async function signIn(p: Page, email: string) {
    await p.goto(`${WEB}/vendor.html`);
    await p.fill('#signin input[name=email]', email);
    await p.fill('#signin input[name=password]', 'password');
    await p.click('#signin button');
    await p.waitForSelector('[data-testid=whoami]');
  }

  before(async () => {
    await clearFirestore();
    const t = Timestamp.now();
    await db.doc('products/card-0001').set({ name: 'Black Lotus (Alpha)' });
    await db.doc('products/card-0002').set({ name: 'Time Walk (Beta)' });
    for (const [vendorId, name] of [['v-aurora', 'Aurora Cards'], ['v-borealis', 'Borealis Games']]) {
      await db.doc(`vendors/${vendorId}`).set({ vendorId, name, status: 'active', feedCadenceMinutes: 15, contactEmails: [], lowStockThreshold: 2, staleFeedPolicy: 'keep_selling', createdAt: t, updatedAt: t, lastFeedAt: Timestamp.fromMillis(Date.now() - 3 * 3600_000) });
    }
    const offers: [string, string, number][] = [...Array.from({ length: N }, (_, k) => ['v-aurora', code(k), k] as [string, string, number]), ['v-borealis', 'BOR-00001', 0], ['v-borealis', 'BOR-00002', 1]];
    for (let i = 0; i < offers.length; i += 250) {
      const batch = db.batch();
      for (const [vendorId, vendorSku, k] of offers.slice(i, i + 250)) {
        const s = emptyState(offerIdFor(vendorId, vendorSku), 2);
        s.locations[`${vendorId}-main`] = { onHand: k % 9, wmsOnHand: k % 9, seq: 1, syncedAt: t.toMillis() };
        s.syncedAt = t.toMillis();
        s.offer = { vendorId, vendorSku, productId: k % 2 ? 'card-0002' : 'card-0001', condition: 'NM', language: 'en', foil: k % 5 === 0, signed: false, price: { amount: 1000 + k, currency: 'EUR' } };
        batch.set(db.doc(`inventory/${s.sku}`), stockDoc(s, 1, t));
      }
      await batch.commit();
    }
    await db.doc(`alerts/low_stock-${offerIdFor('v-aurora', code(1))}`).set({ kind: 'low_stock', sku: offerIdFor('v-aurora', code(1)), available: 1, vendorId: 'v-aurora', status: 'open', raisedAt: t });
    await db.doc(`alerts/low_stock-${offerIdFor('v-borealis', 'BOR-00002')}`).set({ kind: 'low_stock', sku: offerIdFor('v-borealis', 'BOR-00002'), available: 1, vendorId: 'v-borealis', status: 'open', raisedAt: t });
    // Sales of the last week, in the log as the writer puts them now (`dataJson`) and as entries from
    // before 0.8.0 keep them (`data`, a map): the panel's "sold 7 d" counts both.
    const sold = offerIdFor('v-aurora', code(4200));
    const sale = (delta: number) => ({ type: 'inventory.committed' as const, data: { sku: sold, delta, before: { onHand: 9, reserved: 2, available: 7 }, after: { onHand: 9 + delta, reserved: 2 + delta, available: 7 }, source: 'checkout', vendorId: 'v-aurora' } });
    for (const e of eventEntries(db, [sale(-2)], { version: 2, now: t })) await e.ref.create(e.data);
    const { dataJson: text, ...older } = eventEntries(db, [sale(-1)], { version: 3, now: t })[0]!.data;
    await db.collection('inventoryEvents').doc('before-0.8.0').create({ ...older, id: 'before-0.8.0', data: JSON.parse(text as string) });
    for (const [uid, email, vendorId] of [['panel-vera', 'panel-vera@example.com', 'v-aurora'], ['panel-victor', 'panel-victor@example.com', 'v-borealis']]) {
      await getAuth().createUser({ uid, email, password: 'password' }).catch(() => undefined);
      await getAuth().setCustomUserClaims(uid!, { vendorId });
    }
    browser = await launchChromium();
    page = await browser.newPage({ acceptDownloads: true });
    await signIn(page, 'panel-vera@example.com');
  });
  after(async () => {
    await browser?.close();
    await clearFirestore();
  });

  it('pages and searches 5,000 offers, live', async () => {
    const started = Date.now();
    await page.waitForSelector('[data-testid=offers] tr[data-offer]');
    const firstPageMs = Date.now() - started;
    assert.equal(await page.locator('[data-testid=offers] tr[data-offer]').count(), 50);
    assert.equal(await page.locator('[data-testid=offers] tr[data-offer]').first().getAttribute('data-offer'), offerIdFor('v-aurora', code(0)));
    await page.click('[data-testid=offers-next]');
    await waitFor(async () => (await page.locator('[data-testid=offers] tr[data-offer]').first().getAttribute('data-offer')) === offerIdFor('v-aurora', code(50)));
    await page.fill('[data-testid=offer-search]', 'AUR-0420');
    await page.click('#offer-search button');
    await waitFor(async () => (await page.locator('[data-testid=offers] tr[data-offer]').count()) === 10);
    assert.equal(await page.locator('[data-testid=offers] tr[data-offer]').first().getAttribute('data-offer'), offerIdFor('v-aurora', code(4200)));
    // Live: a count written on the server shows without a reload.
    await db.doc(`inventory/${offerIdFor('v-aurora', code(4201))}`).update({ available: 777 });
    await waitFor(async () => (await page.locator(`tr[data-offer="${offerIdFor('v-aurora', code(4201))}"] [data-testid=offer-available]`).textContent()) === '777');
    assert.match(await page.locator(`tr[data-offer="${offerIdFor('v-aurora', code(4200))}"]`).textContent() ?? '', /Black Lotus \(Alpha\).*NM.*en \(foil\).*52\.00 EUR/);
    assert.equal(await page.locator(`tr[data-offer="${offerIdFor('v-aurora', code(4200))}"] [data-testid=offer-sold]`).textContent(), '3', 'sold in 7 days: both shapes of log entry');
    console.log(`      first page of 5,000 offers shown in ${firstPageMs} ms`);
    await page.screenshot({ path: path.join(SHOTS, 'vendor-offers.png'), fullPage: true });
  });

  it('shows a real push job with its row errors, and downloads the error report', async () => {
    const token = await idToken('panel-vera@example.com');
    const key = (await (await fetch(`${API}/v1/vendor/keys`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).json()) as { secret: string };
    const csv = `op,sku,locationId,onHand,seq,occurredAt\nupsert,${code(7)},v-aurora-main,5,2,${new Date().toISOString()}\nupsert,${code(8)},v-aurora-main,-1,2,${new Date().toISOString()}\n`;
    const headers = { 'x-inventory-source': 'v-aurora', 'x-inventory-batch-id': 'panel-csv-1' };
    const sig = signRequest(key.secret, { method: 'POST', path: '/v1/inventory/sync', query: '', headers, body: csv }, Math.floor(Date.now() / 1000));
    const r = await fetch(`${API}/v1/inventory/sync`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv', 'x-inventory-signature': sig }, body: csv });
    const { jobId } = (await r.json()) as { jobId: string };
    await page.waitForSelector(`[data-testid=job-${jobId}]`);
    await waitFor(async () => (await page.locator(`tr[data-job="${jobId}"] [data-testid=job-state]`).textContent()) === 'done', 20_000);
    await page.click(`[data-testid=job-${jobId}]`);
    assert.match(await page.locator('[data-testid=job-errors]').textContent() ?? '', /2onHandmust be >= 0/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=error-report]')]);
    const text = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((s) => {
        let out = '';
        s.on('data', (c: Buffer) => (out += c.toString()));
        s.on('end', () => resolve(out));
        s.on('error', reject);
      });
    });
    assert.match(text, /^row,field,message,line\n2,onHand,must be >= 0,"?upsert,AUR-00008,v-aurora-main,-1,2,/);
    await page.screenshot({ path: path.join(SHOTS, 'vendor-jobs.png'), fullPage: true });
  });

  it('lists its alerts (low stock per offer, a late feed), asks for an adjustment, rotates its key, exports', async () => {
    await page.waitForSelector(`[data-alert="low_stock-${offerIdFor('v-aurora', code(1))}"]`);
    // The push above was a feed; one that is hours late shows as an alert, live.
    assert.equal(await page.locator('[data-alert=feed_late]').count(), 0);
    await db.doc('vendors/v-aurora').update({ lastFeedAt: Timestamp.fromMillis(Date.now() - 3 * 3600_000) });
    await page.waitForSelector('[data-alert=feed_late]');
    assert.equal(await page.locator(`[data-alert="low_stock-${offerIdFor('v-borealis', 'BOR-00002')}"]`).count(), 0);

    await page.fill('[data-testid=adjust-code]', code(3));
    await page.fill('[data-testid=adjust-location]', 'v-aurora-main');
    await page.fill('[data-testid=adjust-count]', '1');
    await page.selectOption('[data-testid=adjust-reason]', 'damaged');
    await page.click('#adjust button');
    await waitFor(async () => (await page.locator('[data-testid=adjust-result]').textContent()) === 'asked: pending_approval');
    await page.waitForSelector('[data-testid=adjustments] tr[data-adjustment]');
    await page.fill('[data-testid=adjust-code]', 'BOR-00001');
    await page.click('#adjust button');
    await waitFor(async () => /unknown offer/.test((await page.locator('[data-testid=adjust-result]').textContent()) ?? ''));

    await page.click('[data-testid=rotate]');
    const secret = await page.locator('[data-testid=secret]').textContent({ timeout: 10_000 });
    assert.ok(secret && secret.length >= 40);
    await waitFor(async () => (await page.locator('[data-testid=keys] tr[data-key]').count()) >= 2);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')]);
    assert.equal(download.suggestedFilename(), 'v-aurora-offers.csv');
  });

  it("vendor B signed in sees none of vendor A's offers, jobs, alerts or adjustments", async () => {
    const other = await browser.newPage();
    await signIn(other, 'panel-victor@example.com');
    await other.waitForSelector('[data-testid=offers] tr[data-offer]');
    const offers = await other.locator('[data-testid=offers] tr[data-offer]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-offer')));
    assert.deepEqual(offers, ['v-borealis~BOR-00001', 'v-borealis~BOR-00002']);
    await other.waitForSelector(`[data-alert="low_stock-${offerIdFor('v-borealis', 'BOR-00002')}"]`);
    assert.equal(await other.locator(`[data-alert="low_stock-${offerIdFor('v-aurora', code(1))}"]`).count(), 0);
    assert.equal(await other.locator('[data-testid=jobs] tr[data-job]').count(), 0);
    assert.equal(await other.locator('[data-testid=adjustments] tr[data-adjustment]').count(), 0);
    assert.match((await other.locator('[data-testid=vendor-name]').textContent()) ?? '', /Borealis/);
    // Searching for A's code prefix finds nothing: the query is bounded to B's own offers.
    await other.fill('[data-testid=offer-search]', 'AUR');
    await other.click('#offer-search button');
    await waitFor(async () => (await other.locator('[data-testid=offers] tr[data-offer]').count()) === 0);
    await other.screenshot({ path: path.join(SHOTS, 'vendor-isolation.png'), fullPage: true });
    await other.close();
  });
});
