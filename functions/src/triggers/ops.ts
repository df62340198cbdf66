/** Reconciliation with the WMS (daily, or on an operator's request, as background work) and the invariant check. */
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onTaskDispatched } from 'firebase-functions/v2/tasks';
import { onDocumentWritten } from 'firebase-functions/v2/firestore';
import { alertMessage, alertTransition, deliverOnce, episodeKey, PAGED_KINDS } from '../ops/alert-delivery';
import { postJson } from '../adapters/webhook';
import { projectId } from '../adapters/firebase';
import { z } from 'zod';
import { SECRETS } from '../config';
import { config, countApplier, rolloutOwnership, wmsConnector } from '../app';
import { dualRunReport, hasLegacyCounts } from '../ops/dual-run';
import { firestore } from '../adapters/firebase';
import { createRun, runReconciliation } from '../ops/reconcile';
import { checkInvariants } from '../ops/invariants';
import * as logs from '../logs';
import { flushMetrics } from '../adapters/metrics';

async function run(runId: string): Promise<void> {
  const cfg = config();
  const r = await runReconciliation(firestore(), wmsConnector(), countApplier(), runId, { defaultThreshold: cfg.lowStockThreshold, alertForMs: cfg.alertDiscrepancyForMs });
  // Another run holds the lease: fail this attempt, so the queue retries it after a back-off.
  if (r.state === 'busy') throw new Error(`reconciliation ${runId}: another run is in progress`);
  if (r.state !== 'done') return logs.reconciliation(runId, r.state);
  await checkInvariants(firestore(), cfg.lowStockThreshold);
  // While the legacy system still runs beside this one: its counts against ours, for our share.
  if (await hasLegacyCounts(firestore())) await dualRunReport(firestore(), rolloutOwnership(), { trigger: `reconciliation ${runId}`, alertForMs: cfg.alertDiscrepancyForMs });
  logs.reconciliation(runId, r.state);
  await flushMetrics();
}

export const dailyReconciliation = onSchedule(
  { schedule: '0 4 * * *', timeZone: 'Etc/UTC', timeoutSeconds: 1800, memory: '1GiB', maxInstances: 1, secrets: SECRETS.wms },
  async () => {
    await run(await createRun(firestore(), { fix: true, trigger: 'schedule' }));
  },
);

const task = z.object({ runId: z.string().min(1).max(64) });

/** A run an operator asked for (POST /v1/reconciliation/run); a retry resumes where it stopped. */
export const runReconciliationTask = onTaskDispatched(
  { retryConfig: { maxAttempts: 5, minBackoffSeconds: 30 }, rateLimits: { maxConcurrentDispatches: 1 }, timeoutSeconds: 1800, memory: '1GiB', secrets: SECRETS.wms },
  async (req) => {
    await run(task.parse(req.data).runId);
  },
);

/** An alert raised or resolved is posted to ALERT_WEBHOOK_URL, once per episode and transition. */
export const onAlertWritten = onDocumentWritten({ document: 'alerts/{alertId}', retry: true, timeoutSeconds: 120 }, async (event) => {
  const url = config().alertWebhookUrl;
  if (!url || !event.data) return;
  const before = event.data.before.data();
  const after = event.data.after.data();
  const transition = alertTransition(before, after);
  if (!transition || !after || !PAGED_KINDS.has(String(after.kind))) return;
  const alertId = event.params.alertId;
  const outcome = await deliverOnce(firestore(), episodeKey(alertId, transition, after), () => postJson(url, alertMessage(alertId, transition, after, projectId())));
  logs.alertDelivered(alertId, transition, outcome);
});
