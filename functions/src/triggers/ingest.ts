/** Applies queued push jobs; re-queues jobs whose message was lost. */
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { z } from 'zod';
import { countApplier, ingestQueue } from '../app';
import { firestore } from '../adapters/firebase';
import { INGEST_TOPIC } from '../adapters/ingest-queue';
import { processIngestJob, requeueStuckJobs } from '../ingest/processor';
import { flushMetrics } from '../adapters/metrics';

const message = z.object({ jobId: z.string().regex(/^[0-9a-f]{20}$/) });

export const applyIngestJob = onMessagePublished({ topic: INGEST_TOPIC, retry: true, memory: '1GiB', timeoutSeconds: 300 }, async (evt) => {
  const { jobId } = message.parse(evt.data.message.json);
  try {
    await processIngestJob(firestore(), countApplier(), jobId);
  } finally {
    await flushMetrics();
  }
});

export const requeueIngestJobs = onSchedule({ schedule: 'every 1 minutes', maxInstances: 1 }, async () => {
  await requeueStuckJobs(firestore(), ingestQueue());
});
