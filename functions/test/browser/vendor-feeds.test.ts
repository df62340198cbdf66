/**
 * Vendor feeds in Chromium (Hosting, Functions, Firestore and Auth emulators): a file dropped on
 * the vendor panel becomes a live job; a dry run shows what a file would do; a truncated replace
 * file is held and confirmed from the panel; and a feed that stops is marked stale on the
 * storefront, per offer, by the scheduled watchdog as deployed (the local ticker fires it), until
 * the next file arrives.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Browser, Page } from 'playwright-core';
import { getAuth } from 'firebase-admin/auth';
import { Timestamp } from 'firebase-admin/firestore';
import { launchChromium, SHOTS } from './chromium';
import { adminDb, clearFirestore, waitFor } from '../emulator/helpers';
import { seedVendor } from '../emulator/vendor-fixtures';
import { scheduleFunctions } from '../../tools/local-ticker';

const db = adminDb();
const WEB = 'http://127.0.0.1:5000';

describe('vendor feeds: drops, review and stale feeds (Chromium, Hosting and Functions emulators)', function () {
  this.timeout(180_000);
  let browser: Browser;
  let page: Page;
  const dir = mkdtempSync(path.join(tmpdir(), 'feeds-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  before(async () => {
    await clearFirestore();
    await seedVendor(db, 'v-feed', { offers: 10, units: 10, cadenceMinutes: 15 });
    await getAuth().createUser({ uid: 'feeds-vera', email: 'feeds-vera@example.com', password: 'password' }).catch(() => undefined);
    await getAuth().setCustomUserClaims('feeds-vera', { vendorId: 'v-feed' });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.goto(`${WEB}/vendor.html`);
    await page.fill('#signin input[name=email]', 'feeds-vera@example.com');
    await page.fill('#signin input[name=password]', 'password');
    await page.click('#signin button');
    await page.waitForSelector('[data-testid=whoami]');
  });
  after(async () => {
    await browser?.close();
  });

  it('a dropped file becomes a live job; a dry run shows what a file would do and applies nothing', async () => {
    await page.uncheck('[data-testid=drop-dry-run]');
    await page.setInputFiles('[data-testid=drop-file]', file('stock.csv', 'sku,onHand\nC000,7\nC001,9\nNOPE,1\n'));
    await page.waitForSelector('[data-testid=drop-job]');
    const row = page.locator('[data-job]').filter({ hasText: 'stock.csv' });
    await waitFor(async () => (await row.locator('[data-testid=job-state]').textContent()) === 'done', 30_000, 200);
    assert.equal((await db.doc('inventory/v-feed~C000').get()).data()!.onHand, 7);
    await page.check('[data-testid=drop-dry-run]');
    await page.setInputFiles('[data-testid=drop-file]', file('zeros.csv', 'sku,onHand\nC002,0\nC003,0\n'));
    await page.waitForSelector('[data-testid=dry-run-diff]');
    assert.match((await page.textContent('[data-testid=dry-run-diff]'))!, /2 zeroed/);
    assert.match((await page.textContent('[data-testid=dry-run-guard]'))!, /apply at once/);
    assert.equal((await db.doc('inventory/v-feed~C002').get()).data()!.onHand, 10, 'nothing applied');
    await page.screenshot({ path: path.join(SHOTS, '12-vendor-drop-dry-run.png'), fullPage: true });
  });

  it('a truncated replace file is held for review; the vendor confirms it from the panel and it applies', async () => {
    await page.uncheck('[data-testid=drop-dry-run]');
    await page.selectOption('[data-testid=drop-mode]', 'replace');
    await page.setInputFiles('[data-testid=drop-file]', file('truncated.csv', 'sku,onHand\nC000,7\n'));
    await page.waitForSelector('[data-testid=drop-job]');
    assert.match((await page.textContent('[data-testid=drop-job]'))!, /held for review/);
    const row = page.locator('[data-job]').filter({ hasText: 'truncated.csv' });
    await row.locator('a').click();
    await page.waitForSelector('[data-testid=review]');
    assert.match((await page.textContent('[data-testid=review]'))!, /would zero or delete 9 of 10/);
    assert.equal((await db.doc('inventory/v-feed~C005').get()).data()!.onHand, 10, 'held: nothing applied');
    await page.locator('[data-testid=vendor-alerts] [data-alert=mass_change_held]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, '13-vendor-review-held-batch.png'), fullPage: true });
    await page.click('[data-testid=review-confirm]');
    await waitFor(async () => (await row.locator('[data-testid=job-state]').textContent()) === 'done', 30_000, 200);
    assert.equal((await db.doc('inventory/v-feed~C005').get()).data()!.onHand, 0, 'confirmed: applied as it would have been');
    await page.selectOption('[data-testid=drop-mode]', 'update');
  });

  it('a feed that stops is marked stale on the storefront by the scheduled watchdog, per offer, until the next file', async () => {
    await db.doc('vendors/v-feed').update({ feedCadenceMinutes: 1, lastFeedAt: Timestamp.fromMillis(Date.now() - 10 * 60_000) });
    await db.doc('vendorFeeds/v-feed').set({ lastFeedAt: Timestamp.fromMillis(Date.now() - 10 * 60_000) }, { merge: true });
    const stopTicker = await scheduleFunctions(['vendorFeedWatchdog']);
    try {
      await waitFor(async () => (await db.doc('vendorFeeds/v-feed').get()).data()?.stale === true, 60_000, 250);
    } finally {
      await stopTicker();
    }
    assert.equal((await db.doc('alerts/feed-stale-v-feed').get()).data()!.status, 'open');
    const shop = await browser.newPage();
    await shop.goto(`${WEB}/?skus=v-feed~C000,v-feed~C002`);
    const card = shop.locator('[data-sku="v-feed~C000"]');
    await card.locator('[data-testid=feed-stale]').waitFor();
    assert.match((await card.locator('[data-testid=feed-stale]').textContent())!, /last confirmed this stock \d+ min ago/);
    assert.equal(await card.locator('[data-testid=available]').textContent(), '7', 'keep_selling: it still sells');
    await shop.screenshot({ path: path.join(SHOTS, '14-storefront-stale-feed.png'), fullPage: true });
    await page.setInputFiles('[data-testid=drop-file]', file('fresh.csv', 'sku,onHand\nC000,7\n'));
    await card.locator('[data-testid=feed-stale]').waitFor({ state: 'detached', timeout: 30_000 });
    await shop.close();
  });
});
