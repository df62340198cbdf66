/** Daily reconciliation with the WMS and the invariant check. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { SECRETS } from '../config';
import { config, countApplier, wmsConnector } from '../app';
import { firestore } from '../adapters/firebase';
import { reconcile } from '../ops/reconcile';
import { checkInvariants } from '../ops/invariants';

export const dailyReconciliation = onSchedule(
  { schedule: '0 4 * * *', timeZone: 'Etc/UTC', timeoutSeconds: 1800, memory: '1GiB', maxInstances: 1, secrets: SECRETS.wms },
  async () => {
    const cfg = config();
    await reconcile(firestore(), wmsConnector(cfg), countApplier(cfg), { fix: true, defaultThreshold: cfg.lowStockThreshold, trigger: 'schedule' });
    await checkInvariants(firestore(), cfg.lowStockThreshold);
  },
);
