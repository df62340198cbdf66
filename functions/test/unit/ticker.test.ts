/** The local ticker (scripts/ticker.mjs): it must read every schedule the functions declare, as Cloud Scheduler does. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface Ticker {
  parseEvery(s: string): number | null;
  nextSlot(everyMs: number, now?: number): number;
  nextCron(expr: string, timeZone?: string, now?: number): number;
  scheduledFunctions(): { name: string; schedule: string; timeZone: string; timeoutSeconds?: number }[];
  attemptDeadlineMs(fn: { timeoutSeconds?: unknown }): number;
}
const load = () => import(pathToFileURL(path.resolve(__dirname, '../../../scripts/ticker.mjs')).href) as Promise<Ticker>;

describe('scripts/ticker (the local Cloud Scheduler)', () => {
  it('every N minutes: on aligned boundaries', async () => {
    const t = await load();
    assert.equal(t.parseEvery('every 1 minutes'), 60_000);
    assert.equal(t.parseEvery('every 2 hours'), 7_200_000);
    assert.equal(t.parseEvery('0 4 * * *'), null);
    assert.equal(t.nextSlot(60_000, Date.parse('2026-12-03T15:02:10Z')), Date.parse('2026-12-03T15:03:00Z'));
  });

  it('unix-cron in the job’s time zone', async () => {
    const t = await load();
    const now = Date.parse('2026-12-03T15:02:10Z');
    assert.equal(t.nextCron('0 4 * * *', 'Etc/UTC', now), Date.parse('2026-12-04T04:00:00Z'));
    assert.equal(t.nextCron('*/5 * * * *', 'Etc/UTC', now), Date.parse('2026-12-03T15:05:00Z'));
    assert.equal(t.nextCron('0 4 * * *', 'Europe/Paris', now), Date.parse('2026-12-04T03:00:00Z'));
    assert.throws(() => t.nextCron('61 * * * *'));
  });

  it('reads every scheduled function the build declares', async () => {
    const t = await load();
    const fns = t.scheduledFunctions();
    assert.ok(fns.some((f) => f.name === 'dailyReconciliation') && fns.some((f) => f.name === 'syncInventory'));
    for (const f of fns) assert.ok(t.parseEvery(f.schedule) !== null || t.nextCron(f.schedule, f.timeZone) > Date.now(), `${f.name}: ${f.schedule}`);
  });

  // requeueIngestJobs sets no timeout: its option read as an object, the deadline as NaN, and
  // under `npm start` every attempt failed before it was sent.
  it('gives every scheduled function a finite attempt deadline, with or without a timeout of its own', async () => {
    const t = await load();
    const fns = t.scheduledFunctions();
    assert.ok(fns.some((f) => f.name === 'requeueIngestJobs' && f.timeoutSeconds === undefined));
    for (const f of fns) {
      const ms = t.attemptDeadlineMs(f);
      assert.ok(Number.isFinite(ms) && ms >= 180_000 && ms <= 1_800_000, `${f.name}: ${ms}`);
    }
    assert.equal(t.attemptDeadlineMs({}), 180_000);
    assert.equal(t.attemptDeadlineMs({ timeoutSeconds: 300 }), 300_000);
    assert.equal(t.attemptDeadlineMs({ timeoutSeconds: 3600 }), 1_800_000);
    assert.equal(t.attemptDeadlineMs({ timeoutSeconds: {} }), 180_000);
  });
});
