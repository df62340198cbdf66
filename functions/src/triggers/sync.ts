/** Scheduled triggers of the sync: the per-minute poller window and the nightly full resync. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { SECRETS } from '../config';
import { config, instanceId, syncDeps } from '../app';
import { runSyncWindow } from '../sync/poll-loop';
import { runFullResync } from '../sync/full-resync';

export const syncInventory = onSchedule(
  { schedule: 'every 1 minutes', timeoutSeconds: 120, memory: '1GiB', maxInstances: 1, secrets: SECRETS.wms, retryCount: 0 },
  async () => {
    const deps = await syncDeps();
    await runSyncWindow(deps, { intervalMs: config().syncIntervalSeconds * 1000, windowMs: 55_000, owner: instanceId });
  },
);

export const nightlyResync = onSchedule(
  { schedule: '30 3 * * *', timeZone: 'Etc/UTC', timeoutSeconds: 1800, memory: '1GiB', maxInstances: 1, secrets: SECRETS.wms },
  async () => {
    await runFullResync(await syncDeps(), { owner: instanceId });
  },
);
