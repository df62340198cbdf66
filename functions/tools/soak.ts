/**
 * `npm run soak [-- --minutes 5]` against a running `npm start`: the storefront open in Debian's
 * Chromium, the WMS simulator changing a SKU every few seconds, and the time until each change is
 * on the page; then a WMS outage and the time until the stale banner shows, and the recovery.
 * Nothing is called directly: the changes travel ticker -> relay -> Firestore -> the page.
 */
import { chromium } from 'playwright-core';
import { PubSub } from '@google-cloud/pubsub';
import { arg, db } from './cli-env';

const WMS = 'http://127.0.0.1:8090';
const WEB = 'http://127.0.0.1:5000';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function control(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const r = await fetch(`${WMS}${path}`, body ? { method: 'POST', body: JSON.stringify(body) } : undefined);
  return (await r.json()) as Record<string, unknown>;
}

async function main() {
  const minutes = Number(arg('minutes') ?? 5);
  const firestore = db();
  // An outside subscriber: commit (the event's time) -> delivery, across minute boundaries.
  process.env.PUBSUB_EMULATOR_HOST ??= '127.0.0.1:8085';
  const pubsub = new PubSub({ projectId: 'demo-inventory' });
  const [sub] = await pubsub.topic('inventory-events').createSubscription(`soak-${Date.now()}`);
  const subscribed = Date.now();
  const lagsByMinute: number[][] = [];
  sub.on('message', (m) => {
    const committed = Date.parse((JSON.parse(m.data.toString()) as { time: string }).time);
    (lagsByMinute[Math.max(0, Math.floor((committed - subscribed) / 60_000))] ??= []).push(Date.now() - committed);
    m.ack();
  });
  const skus = Array.from({ length: 24 }, (_, i) => `SKU-${String(i * 7 + 1).padStart(5, '0')}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const opened = Date.now();
  await page.goto(`${WEB}/?skus=${skus.join(',')}`, { waitUntil: 'domcontentloaded', timeout: 120_000 });
  await page.locator(`[data-sku="${skus[0]}"] [data-testid=available]`).waitFor({ timeout: 120_000 });
  console.log(`storefront: opened with stock shown in ${Date.now() - opened} ms`);
  const banner = page.locator('#stale-banner');
  const lags: number[] = [];
  // The WMS keeps its background changes (npm start's default load, and the events they cause) but
  // leaves the sampled SKUs alone, so each card's expected value is exact.
  await control('/_control', { hold: skus });
  const started = Date.now();
  const pollsBefore = ((await control('/_control?polls=1')).polls as number[]).length;
  let n = 0;
  console.log(`soak: ${minutes} min of WMS changes on ${skus.length} SKUs shown on the storefront`);
  while (Date.now() - started < minutes * 60_000) {
    const sku = skus[n % skus.length]!;
    const doc = (await firestore.doc(`inventory/${sku}`).get()).data()!;
    const loc = Object.keys(doc.locations)[0]!;
    const onHand = 100 + ((n * 37) % 400);
    const expected = Math.max(0, doc.onHand - doc.locations[loc].onHand + onHand - doc.reserved);
    const card = page.locator(`[data-sku="${sku}"] [data-testid=available]`);
    const t0 = Date.now();
    await control('/_control/set', { changes: [{ sku, locationId: loc, onHand }] });
    let seen = Infinity;
    while (Date.now() - t0 < 60_000) {
      if ((await card.textContent()) === String(expected)) {
        seen = Date.now() - t0;
        break;
      }
      await page.waitForTimeout(50);
    }
    lags.push(seen);
    if (seen > 7000) console.log(`  ${new Date().toISOString()} ${sku}: ${seen} ms`);
    n++;
    await page.waitForTimeout(2000 + (n % 4) * 900);
  }
  const polls = ((await control('/_control?polls=1')).polls as number[]).slice(pollsBefore - 1);
  const gaps = polls.slice(1).map((t, i) => t - polls[i]!);
  console.log(`changes: ${lags.length}; WMS change -> page p50 ${pct(lags, 50)} ms, p99 ${pct(lags, 99)} ms, max ${Math.max(...lags)} ms (target interval + 2 s = 7,000 ms: ${Math.max(...lags) <= 7000 ? 'met' : 'MISSED'})`);
  console.log(`WMS polls: ${polls.length}, largest gap ${Math.max(...gaps)} ms`);
  const eventLags = lagsByMinute.flat();
  console.log(`events: ${eventLags.length} commit -> outside subscriber p50 ${pct(eventLags, 50)} ms, p99 ${pct(eventLags, 99)} ms, max ${Math.max(...eventLags)} ms (target p99 <= 1,000 ms: ${pct(eventLags, 99) <= 1000 ? 'met' : 'MISSED'})`);
  // Which minute the slow ones came from: the first holds what was left of the start-up.
  console.log(`events by minute of commit: ${lagsByMinute.map((xs, i) => `${i + 1}: ${xs?.length ?? 0}, p99 ${xs ? pct(xs, 99) : '-'} ms`).join('; ')}`);
  await sub.close();
  await sub.delete();

  await control('/_control', { faults: { outage: true } });
  const outageAt = Date.now();
  await banner.waitFor({ state: 'visible', timeout: 120_000 });
  const shownAt = Date.now();
  const last = (await firestore.doc('syncStatus/wms').get()).data()!.lastSuccessAt.toMillis() as number;
  console.log(`outage: banner shown ${shownAt - outageAt} ms after the outage began, ${shownAt - last} ms after the last successful poll (target STALE_AFTER_SECONDS + 10 s = 40,000 ms: ${shownAt - last <= 40_000 ? 'met' : 'MISSED'})`);
  await control('/_control', { faults: { outage: false }, hold: [] });
  const backAt = Date.now();
  await banner.waitFor({ state: 'hidden', timeout: 60_000 });
  console.log(`recovery: banner hidden ${Date.now() - backAt} ms after the WMS came back`);
  await browser.close();
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
