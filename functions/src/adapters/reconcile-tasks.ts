/** Reconciliation runs as Cloud Tasks for the `runReconciliation` task-queue function. */
import { getFunctions } from 'firebase-admin/functions';
import { adminApp } from './firebase';
import { REGION } from '../region';

export const RECONCILE_FUNCTION = 'runReconciliation';

export async function enqueueReconciliation(runId: string, region = REGION): Promise<void> {
  const queue = getFunctions(adminApp()).taskQueue(`locations/${region}/functions/${RECONCILE_FUNCTION}`);
  try {
    // The run id is the task id: asking twice for one run starts it once.
    await queue.enqueue({ runId }, { id: `reconcile-${runId}` });
  } catch (err) {
    if ((err as { code?: string }).code === 'functions/task-already-exists') return;
    throw err;
  }
}
