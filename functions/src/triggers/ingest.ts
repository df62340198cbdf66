/** Applies queued push jobs (and recovers a vendor's stale feed); re-queues jobs whose message was lost; takes file drops from Cloud Storage. */
import { onMessagePublished } from 'firebase-functions/v2/pubsub';
import { onSchedule } from 'firebase-functions/v2/scheduler';
import { onObjectFinalized } from 'firebase-functions/v2/storage';
import { storageBucket } from 'firebase-functions/params';
import { z } from 'zod';
import { busLedger, countApplier, dropService, feedWatch, ingestQueue } from '../app';
import { firestore } from '../adapters/firebase';
import { INGEST_TOPIC } from '../adapters/ingest-queue';
import { processIngestJob, requeueStuckJobs } from '../ingest/processor';
import { flushMetrics } from '../adapters/metrics';
import { contextFrom, flushTraces, inSpan, SpanKind } from '../adapters/tracing';

const message = z.object({ jobId: z.string().regex(/^[0-9a-f]{20}$/) });

export const applyIngestJob = onMessagePublished({ topic: INGEST_TOPIC, retry: true, memory: '1GiB', timeoutSeconds: 300 }, async (evt) => {
  const { jobId } = message.parse(evt.data.message.json);
  try {
    await busLedger().handle('applyIngestJob', () =>
      // The push's trace, carried by the message's attributes.
      inSpan('ingest.job', { parent: contextFrom(evt.data.message.attributes), kind: SpanKind.CONSUMER, attributes: { 'ingest.job_id': jobId, 'messaging.destination.name': INGEST_TOPIC } }, async () => {
        const r = await processIngestJob(firestore(), countApplier(), jobId);
        // A vendor's feed arrived: a stale feed recovers now, not at the watchdog's next minute.
        if (r.state === 'done' && r.vendorId) await feedWatch().recover(r.vendorId);
      }),
    );
  } finally {
    await Promise.all([flushMetrics(), flushTraces()]);
  }
});

export const requeueIngestJobs = onSchedule({ schedule: 'every 1 minutes', maxInstances: 1 }, async () => {
  await requeueStuckJobs(firestore(), ingestQueue());
});

/**
 * A file finalized in the default bucket. Under `vendor-drops/{vendorId}/` it is a drop: a job as
 * a push would be, idempotent on the object's name and generation. A file that cannot be read is a
 * failed job, never an error (no retry loop); an outage throws and the delivery is retried, for a
 * day at most.
 */
export const onVendorDrop = onObjectFinalized({ bucket: storageBucket, retry: true, memory: '1GiB', timeoutSeconds: 300 }, async (event) => {
  if (Date.now() - Date.parse(event.time) > 86_400_000) return;
  const o = event.data;
  try {
    await dropService().fromStorage({ bucket: o.bucket, name: o.name, generation: String(o.generation), contentType: o.contentType ?? null, size: Number(o.size ?? 0) });
  } finally {
    await flushMetrics();
  }
});
