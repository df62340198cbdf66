import { Timestamp } from 'firebase-admin/firestore';
/**
 * The web app in a real browser (Debian's Chromium, headless, driven by playwright-core) against
 * the Hosting, Auth, Firestore and Functions emulators, with the WMS simulator and the real sync
 * use case. Screenshots go to artifacts/screenshots/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { getAuth } from 'firebase-admin/auth';
import { adminDb, clearFirestore, waitFor } from '../emulator/helpers';
import { WmsSimulator } from '../../tools/wms-simulator';
import { buildCatalog } from '../../tools/catalog';
import { WmsHttpConnector } from '../../src/adapters/wms-http';
import { CountApplier } from '../../src/stock/count-applier';
import { runSyncCycle, SyncDeps } from '../../src/sync/sync-cycle';
import { PaymentSimulator, localWebhookSecret } from '../../tools/payment-simulator';
import { PubSub } from '@google-cloud/pubsub';
import { PubSubEventPublisher } from '../../src/adapters/pubsub-publisher';
import { publishPending } from '../../src/events/publisher';
import { PROJECT_ID } from '../emulator/helpers';
import { allocationConfigSchema, forgetAllocation, saveAllocation } from '../../src/adapters/allocation-config';
import { changeUnitStates } from '../../src/ops/unit-states';

const db = adminDb();
const WEB = 'http://127.0.0.1:5000';
const SHOTS = path.resolve(__dirname, '../../../artifacts/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe('web app in Chromium (Hosting emulator)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let sim: WmsSimulator;
  let deps: SyncDeps;
  let payments: PaymentSimulator;

  async function user(uid: string, email: string, admin: boolean) {
    await getAuth().createUser({ uid, email, password: 'password' }).catch(() => undefined);
    await getAuth().setCustomUserClaims(uid, admin ? { admin: true } : {});
  }

  async function signIn(page: Page, email: string) {
    await page.fill('#signin input[name=email]', email);
    await page.fill('#signin input[name=password]', 'password');
    await page.click('#signin button');
    await page.waitForSelector('[data-testid=whoami]');
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
    mkdirSync(SHOTS, { recursive: true });
    await clearFirestore();
    sim = new WmsSimulator({ skus: 12, locations: 2 });
    await sim.start();
    // The provider the storefront pays at (PAYMENT_PROVIDER_URL in functions/.env.demo-inventory).
    payments = new PaymentSimulator({ webhookUrl: 'http://127.0.0.1:5001/demo-inventory/us-central1/api/v1/payments/events', secret: localWebhookSecret(), delayMs: 100 });
    await payments.start(8091);
    deps = {
      db,
      connector: new WmsHttpConnector({ baseUrl: sim.url, apiKey: sim.apiKey, timeoutMs: 1000, maxAttempts: 1 }),
      flags: { isEnabled: async () => true },
      applier: new CountApplier(db, { defaultThreshold: 5 }),
      staleAfterSeconds: 30,
      breaker: { threshold: 100, cooldownMs: 1 },
    };
    await runSyncCycle(deps);
    const batch = db.batch();
    for (const p of buildCatalog({ skus: 12, locations: 2 })) batch.set(db.doc(`products/${p.sku}`), { sku: p.sku, name: p.name, priceCents: p.priceCents });
    await batch.commit();
    await user('web-alice', 'web-alice@example.com', false);
    await user('web-olga', 'web-olga@example.com', true);
    await user('web-omar', 'web-omar@example.com', true);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    await sim?.close();
    await payments?.close();
  });

  it('shows live availability: a WMS change appears without a reload', async () => {
    const page = await browser.newPage();
    await page.goto(`${WEB}/?n=12`);
    await signIn(page, 'web-alice@example.com');
    const card = page.locator('[data-sku="SKU-00003"] [data-testid=available]');
    await card.waitFor();
    sim.set('SKU-00003', 'wh-01', 300);
    sim.set('SKU-00003', 'store-02', 33);
    await runSyncCycle(deps);
    await waitFor(async () => (await card.textContent()) === '333', 10_000, 100);
    await shot(page, '1-storefront-live-stock');
    await page.close();
  });

  it('shows the staleness banner by the clock when no cycle succeeds (no new snapshot needed), and hides it on recovery', async () => {
    const page = await browser.newPage();
    await page.goto(`${WEB}/?n=12`);
    const banner = page.locator('#stale-banner');
    await page.locator('[data-sku="SKU-00001"]').waitFor();
    assert.equal(await banner.isVisible(), false);
    // The last success was 27 s ago and the stored flag says fresh; then nothing writes the status
    // again (a poller that stopped). The page must turn stale on its own about 3 s later.
    const written = Date.now();
    await db.doc('syncStatus/wms').set({ stale: false, state: 'ok', staleAfterSeconds: 30, lastSuccessAt: Timestamp.fromMillis(written - 27_000) }, { merge: true });
    await page.waitForTimeout(1500);
    assert.equal(await banner.isVisible(), false, 'still fresh for 3 s');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    const after = Date.now() - (written - 27_000);
    assert.ok(after >= 30_000 && after <= 32_500, `banner after ${after} ms`);
    await shot(page, '2-storefront-stale-banner');
    await runSyncCycle(deps);
    await banner.waitFor({ state: 'hidden', timeout: 10_000 });
    await page.close();
  });

  it('checks out: flags an out-of-stock line, prompts its removal, reserves and pays through the provider, whose webhook confirms', async () => {
    sim.set('SKU-00004', 'wh-01', 10);
    sim.set('SKU-00004', 'store-02', 0);
    sim.set('SKU-00005', 'wh-01', 1);
    sim.set('SKU-00005', 'store-02', 0);
    await runSyncCycle(deps);
    const page = await browser.newPage();
    await page.goto(`${WEB}/?skus=SKU-00004,SKU-00005`);
    await signIn(page, 'web-alice@example.com');
    await page.locator('[data-sku="SKU-00004"] [data-testid=add]').click();
    await page.locator('[data-sku="SKU-00005"] [data-testid=add]').click();
    // SKU-00005 sells out at the warehouse while the shopper browses.
    sim.set('SKU-00005', 'wh-01', 0);
    await runSyncCycle(deps);
    await page.click('#validate');
    const flag = page.locator('[data-line="SKU-00005"] [data-testid=flag]');
    await flag.waitFor();
    assert.match((await flag.textContent()) ?? '', /out of stock/);
    await shot(page, '3-checkout-flagged-line');
    await page.locator('[data-line="SKU-00005"] [data-testid=remove]').click();
    await page.click('#reserve');
    await page.waitForSelector('#pay:not([disabled])');
    await page.click('#pay');
    await page.waitForFunction(() => document.getElementById('cart-message')?.textContent?.includes('Order confirmed'));
    await shot(page, '4-checkout-confirmed');
    const res = (await db.collection('reservations').where('uid', '==', 'web-alice').get()).docs.map((d) => d.data());
    assert.deepEqual(res.map((r) => [r.state, r.items]), [['committed', [{ sku: 'SKU-00004', quantity: 1 }]]]);
    assert.match(res[0]!.paymentId, /^pi_/, 'confirmed with the payment intent started by the page');
    assert.equal((await db.doc('inventory/SKU-00004').get()).data()!.onHand, 9);
    // The page can show the confirmation before the webhook's HTTP answer reaches the provider.
    await payments.settled();
    const delivered = payments.deliveries.filter((d) => d.paymentId === res[0]!.paymentId);
    assert.deepEqual(delivered.map((d) => [d.type, d.status]), [['payment.succeeded', 200]], 'the sale was confirmed by the signed webhook');
    await page.close();
  });

  it('a declined payment sells nothing: the hold is released and the page says so', async () => {
    const before = (await db.doc('inventory/SKU-00004').get()).data()!;
    const page = await browser.newPage();
    await page.goto(`${WEB}/?skus=SKU-00004&pay=fail`);
    await signIn(page, 'web-alice@example.com');
    await page.locator('[data-sku="SKU-00004"] [data-testid=add]').click();
    await page.click('#reserve');
    await page.waitForSelector('#pay:not([disabled])');
    await page.click('#pay');
    await page.waitForFunction(() => document.getElementById('cart-message')?.textContent?.includes('did not go through'));
    await shot(page, '4b-checkout-declined');
    const after = (await db.doc('inventory/SKU-00004').get()).data()!;
    assert.deepEqual([after.onHand, after.reserved], [before.onHand, before.reserved]);
    await page.close();
  });

  it('tells a shopper on the page when a SKU they asked about is back (and by e-mail, through the Trigger Email format); a request can be cancelled', async () => {
    await user('web-nina', 'web-nina@example.com', false);
    const page = await browser.newPage();
    await page.goto(`${WEB}/?n=12`);
    await signIn(page, 'web-nina@example.com');
    // Sold out at every location, as the WMS reports it.
    const locs = (sku: string) => [...sim.positions.keys()].filter((k) => k.startsWith(`${sku}|`)).map((k) => k.split('|')[1]!);
    for (const sku of ['SKU-00009', 'SKU-00010']) for (const loc of locs(sku)) sim.set(sku, loc, 0);
    await runSyncCycle(deps);
    await page.locator('[data-sku="SKU-00009"] [data-testid=notify]').click();
    await page.locator('[data-sku="SKU-00009"] [data-testid=cancel-notify]').waitFor();
    await waitFor(async () => (await db.doc('stockSubscriptions/web-nina_SKU-00009').get()).exists, 10_000, 100);
    // Asked, then changed their mind.
    await page.locator('[data-sku="SKU-00010"] [data-testid=notify]').click();
    await page.locator('[data-sku="SKU-00010"] [data-testid=cancel-notify]').click();
    await page.locator('[data-sku="SKU-00010"] [data-testid=notify]').waitFor();
    // The page shows it from the SDK's local write at once; the server has it a moment later.
    await waitFor(async () => !(await db.doc('stockSubscriptions/web-nina_SKU-00010').get()).exists, 10_000, 100);

    // Older events are not this test's business: only the restocks below go out, through the
    // real topic to the Functions emulator's subscriber.
    const backlog = await db.collection('eventOutbox').get();
    for (let i = 0; i < backlog.size; i += 400) {
      const batch = db.batch();
      backlog.docs.slice(i, i + 400).forEach((d) => batch.delete(d.ref));
      await batch.commit();
    }
    for (const sku of ['SKU-00009', 'SKU-00010']) sim.set(sku, locs(sku)[0]!, 7);
    await runSyncCycle(deps);
    const pubsub = new PubSub({ projectId: PROJECT_ID });
    await publishPending(db, new PubSubEventPublisher(pubsub), PROJECT_ID);
    const note = page.locator('[data-testid=notification][data-sku="SKU-00009"]');
    await note.waitFor({ timeout: 30_000 });
    assert.match((await note.textContent()) ?? '', /back in stock: 7 available/);
    await shot(page, '7-storefront-back-in-stock-notification');
    assert.equal(await page.locator('[data-testid=notification][data-sku="SKU-00010"]').count(), 0, 'a cancelled request is not notified');
    const mail = await waitFor(async () => { const d = (await db.collection('mail').where('uid', '==', 'web-nina').get()).docs; return d.length ? d : null; }, 10_000, 200);
    assert.equal(mail.length, 1);
    const m = mail[0]!.data();
    assert.deepEqual(m.to, ['web-nina@example.com']);
    assert.match(m.message.subject, /is back in stock$/);
    assert.ok(m.message.text && m.message.html);
    assert.equal((await db.doc('stockSubscriptions/web-nina_SKU-00009').get()).exists, false, 'one notification per request: the subscription ends');
    await pubsub.close();
    await page.close();
  });

  it('lets a second operator approve a large adjustment on the dashboard', async () => {
    const olga = await browser.newPage();
    await olga.goto(`${WEB}/dashboard.html`);
    await signIn(olga, 'web-olga@example.com');
    await olga.fill('#adjust input[name=sku]', 'SKU-00004');
    await olga.fill('#adjust input[name=locationId]', 'wh-01');
    await olga.fill('#adjust input[name=onHand]', '500');
    await olga.selectOption('#adjust select[name=reasonCode]', 'found');
    await olga.click('#adjust button');
    await olga.waitForFunction(() => document.getElementById('adjust-result')?.textContent === 'pending_approval');
    const pending = (await db.collection('adjustments').where('state', '==', 'pending_approval').get()).docs[0]!;
    await olga.close();

    const omar = await browser.newPage();
    await omar.goto(`${WEB}/dashboard.html`);
    await signIn(omar, 'web-omar@example.com');
    await omar.locator('[data-testid=sync-state]').waitFor();
    // The sync's private side comes through the operator-only API, not a listener.
    await omar.locator('[data-testid=sync-breaker]').waitFor();
    assert.match((await omar.locator('[data-testid=sync-breaker]').textContent()) ?? '', /^breaker: (closed|open|half_open) · rollout: \d+%/);
    assert.match((await omar.locator('[data-testid=sync-contract]').textContent()) ?? '', /^WMS schema v\d+/);
    const approve = omar.locator(`[data-testid=approve-${pending.id}]`);
    await approve.waitFor();
    await shot(omar, '5-dashboard-pending-approval');
    // Aging: SKU-00004 sold one unit in the checkout test, so its last outflow is minutes old.
    assert.match((await omar.locator('[data-testid="aging-SKU-00004"]').textContent()) ?? '', /^\d+ min$/);
    await approve.click();
    await waitFor(async () => (await db.doc('inventory/SKU-00004').get()).data()!.locations['wh-01'].onHand === 500, 10_000, 100);
    await omar.waitForSelector(`[data-testid=approve-${pending.id}]`, { state: 'detached' });
    await shot(omar, '6-dashboard-approved');
    await omar.close();
  });

  it('sells per channel: online shows "back on <date>" for incoming units; the store channel holds for pickup at the store only', async () => {
    await saveAllocation(db, allocationConfigSchema.parse({
      channels: { online: { kind: 'online', locations: ['wh-01'], strategy: 'priority' }, 'store-02': { kind: 'store', locations: ['store-02'], strategy: 'priority' } },
      locations: { 'wh-01': { priority: 1 }, 'store-02': { kind: 'store', priority: 2 } },
      defaultChannel: 'online',
    }), 'web-olga');
    try {
      sim.set('SKU-00006', 'wh-01', 0);
      sim.set('SKU-00006', 'store-02', 3);
      await runSyncCycle(deps);
      await changeUnitStates(db, 'SKU-00006', 'web-olga', { locationId: 'wh-01', incoming: 40, incomingAt: '2026-12-20T09:00:00Z', reasonCode: 'purchase_order' }, 5);
      const d = (await db.doc('inventory/SKU-00006').get()).data()!;
      assert.deepEqual(d.channels, { online: { available: 0, status: 'out_of_stock' }, 'store-02': { available: 3, status: 'low_stock' } });
      const online = await browser.newPage();
      await online.goto(`${WEB}/?skus=SKU-00006&channel=online`);
      await online.locator('[data-sku="SKU-00006"] [data-testid=back-on]').waitFor();
      assert.equal(await online.locator('[data-sku="SKU-00006"] [data-testid=available]').textContent(), '0');
      assert.equal(await online.locator('[data-sku="SKU-00006"] [data-testid=back-on]').textContent(), 'Back on 20 December 2026');
      await shot(online, '7-storefront-back-on');
      await online.close();
      const store = await browser.newPage();
      await store.goto(`${WEB}/?skus=SKU-00006&channel=store-02&pickup=store-02`);
      await signIn(store, 'web-alice@example.com');
      await waitFor(async () => (await store.locator('[data-sku="SKU-00006"] [data-testid=available]').textContent()) === '3', 10_000, 100);
      assert.match((await store.locator('[data-testid=channel]').textContent()) ?? '', /store-02, pickup at store-02/);
      await store.locator('[data-sku="SKU-00006"] [data-testid=add]').click();
      await store.click('#reserve');
      await store.waitForSelector('#pay:not([disabled])');
      const held = (await db.collection('reservations').where('uid', '==', 'web-alice').where('state', '==', 'held').get()).docs.map((x) => x.data());
      assert.deepEqual(held.map((r) => [r.channel, r.pickupLocationId, r.allocations]), [['store-02', 'store-02', { 'SKU-00006': [{ locationId: 'store-02', quantity: 1 }] }]]);
      await waitFor(async () => (await store.locator('[data-sku="SKU-00006"] [data-testid=available]').textContent()) === '2', 10_000, 100);
      await store.close();
    } finally {
      await db.doc('allocationConfig/current').delete();
      forgetAllocation();
    }
  });
});
