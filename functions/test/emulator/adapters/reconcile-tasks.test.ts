import assert from 'node:assert/strict';
import { adminDb, clearFirestore, waitFor } from '../helpers';
import { enqueueReconciliation } from '../../../src/adapters/reconcile-tasks';
import { createRun, runRef } from '../../../src/ops/reconcile';

describe('adapters/reconcile-tasks (Cloud Tasks and Functions emulators)', function () {
  this.timeout(90_000);
  const db = adminDb();
  beforeEach(clearFirestore);

  it("queues a run's task for the runReconciliation function, which picks the run up", async () => {
    const runId = await createRun(db, { fix: false, trigger: 'test' });
    await enqueueReconciliation(runId);
    const run = await waitFor(async () => {
      const d = (await runRef(db, runId).get()).data();
      return d && d.state !== 'queued' ? d : null;
    }, 60_000, 250);
    assert.ok(['running', 'done', 'failed'].includes(run.state as string), `picked up: ${run.state}`);
    assert.ok((run.attempts as number) >= 1);
  });
});
