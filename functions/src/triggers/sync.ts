/**
 * Scheduled triggers of the sync: the poller relay (two jobs, see RELAY in config.ts), the
 * staleness watchdog and the nightly full resync.
 */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { RELAY, SECRETS } from '../config';
import { config, feedWatch, invocationOwner, syncDeps } from '../app';
import { firestore } from '../adapters/firebase';
import { runSyncShift } from '../sync/poll-loop';
import { runFullResync } from '../sync/full-resync';
import { POLLING_CONNECTOR } from '../stock/freshness';
import { watchStaleness } from '../sync/watchdog';
import { flushMetrics } from '../adapters/metrics';
import { flushTraces } from '../adapters/tracing';

function pollerShift() {
  return onSchedule(
    // maxInstances 1 + concurrency 1: a job's own retries or duplicates cannot run beside it; the
    // lease keeps the two jobs to one poller. retryCount 0: the next minute's execution is the retry.
    { schedule: 'every 1 minutes', timeoutSeconds: RELAY.timeoutSeconds, memory: '1GiB', maxInstances: 1, concurrency: 1, secrets: SECRETS.wms, retryCount: 0 },
    async () => {
      const deps = await syncDeps();
      await runSyncShift(deps, {
        intervalMs: config().syncIntervalSeconds * 1000,
        holdMs: RELAY.holdMs,
        lifeMs: RELAY.lifeMs,
        leaseTtlMs: RELAY.syncLeaseTtlMs,
        owner: invocationOwner(),
      });
      await Promise.all([flushMetrics(), flushTraces()]);
    },
  );
}

export const syncInventory = pollerShift();
/** The relay's second job: the same shift, so that one invocation can wait beside the other. */
export const syncInventoryRelay = pollerShift();

export const syncWatchdog = onSchedule(
  { schedule: 'every 1 minutes', timeoutSeconds: 120, memory: '256MiB', maxInstances: 1, retryCount: 0 },
  async () => {
    await watchStaleness(firestore(), { connectorId: POLLING_CONNECTOR, staleAfterSeconds: config().staleAfterSeconds, until: Date.now() + 57_000 });
  },
);

/** Vendors' feeds against their declared cadence (vendors/feed-watch.ts). */
export const vendorFeedWatchdog = onSchedule({ schedule: 'every 1 minutes', timeoutSeconds: 120, memory: '512MiB', maxInstances: 1, retryCount: 0 }, async () => {
  await feedWatch().watchFeeds();
});

export const nightlyResync = onSchedule(
  { schedule: '30 3 * * *', timeZone: 'Etc/UTC', timeoutSeconds: 1800, memory: '1GiB', maxInstances: 1, secrets: SECRETS.wms },
  async () => {
    await runFullResync(await syncDeps(), { owner: invocationOwner() });
  },
);
