/**
 * `npm run drop -- <vendorId> <file> [--mode replace] [--no-wait]`: a file dropped on the trigger
 * path, locally. It is written where the local drop store reads (`.emulators/drops/<bucket>/
 * vendor-drops/<vendorId>/<file>`, standing in for the default bucket) and the Functions emulator is
 * sent the CloudEvent Cloud Storage sends when an object is finalized, through the same endpoint the
 * Storage emulator uses. Then the job is followed to its end. (In production, upload to
 * `gs://<bucket>/vendor-drops/<vendorId>/` instead: the trigger is the same.)
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { db, isLocal, projectId } from './cli-env';
import { DROP_PREFIX, dropBatchId } from '../src/ingest/drops';

const USAGE = 'usage: npm run drop -- <vendorId> <file.csv|file.json> [--mode update|replace] [--no-wait]';
export const DROPS_DIR = path.resolve(__dirname, '../../.emulators/drops');
const FUNCTIONS = 'http://127.0.0.1:5001';

/** The CloudEvent Cloud Storage sends for a finalized object (what the Storage emulator posts). */
export function finalizedEvent(bucket: string, name: string, o: { generation: string; size: number; contentType: string }) {
  const at = new Date().toISOString();
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: 'google.cloud.storage.object.v1.finalized',
    source: `//storage.googleapis.com/projects/_/buckets/${bucket}`,
    subject: `objects/${name}`,
    time: at,
    datacontenttype: 'application/json',
    data: { kind: 'storage#object', id: `${bucket}/${name}/${o.generation}`, bucket, name, generation: o.generation, metageneration: '1', size: String(o.size), contentType: o.contentType, timeCreated: at, updated: at, storageClass: 'STANDARD' },
  };
}

/** Sends the event to the Functions emulator's multicast endpoint, which runs every function registered for it. */
export async function sendFinalized(project: string, event: ReturnType<typeof finalizedEvent>): Promise<void> {
  const res = await fetch(`${FUNCTIONS}/functions/projects/${project}/trigger_multicast`, { method: 'POST', headers: { 'content-type': 'application/cloudevents+json' }, body: JSON.stringify(event) });
  if (!res.ok) throw new Error(`the Functions emulator answered ${res.status}: ${await res.text()}`);
}

/** Writes a file into the local bucket and sends its finalize event; answers the object and its batch id. */
export async function dropLocally(vendorId: string, file: string, o: { project?: string; bucket?: string; name?: string } = {}) {
  const project = o.project ?? projectId();
  const bucket = o.bucket ?? `${project}.appspot.com`;
  const name = `${DROP_PREFIX}/${vendorId}/${o.name ?? path.basename(file)}`;
  const dest = path.join(DROPS_DIR, bucket, name);
  await mkdir(path.dirname(dest), { recursive: true });
  await copyFile(file, dest);
  const generation = String(Date.now() * 1000 + Math.floor(Math.random() * 1000));
  const contentType = /\.json$/i.test(name) ? 'application/json' : 'text/csv';
  await sendFinalized(project, finalizedEvent(bucket, name, { generation, size: (await stat(dest)).size, contentType }));
  return { bucket, name, generation, batchId: dropBatchId({ name: path.basename(name), body: Buffer.alloc(0), object: { name, generation } }) };
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { project: { type: 'string' }, mode: { type: 'string' }, 'no-wait': { type: 'boolean' }, name: { type: 'string' } } });
  const [vendorId, file] = positionals;
  if (!vendorId || !file) {
    console.error(USAGE);
    return 2;
  }
  if (!isLocal()) {
    console.error(`npm run drop feeds the local trigger path; for project ${projectId()}, upload to gs://<bucket>/${DROP_PREFIX}/${vendorId}/ (gcloud storage cp ${file} gs://<bucket>/${DROP_PREFIX}/${vendorId}/)`);
    return 2;
  }
  if (values.mode && values.mode !== 'update') console.error('note: a file on the trigger path is applied as an update (replace mode is a parameter of the API and the panel upload)');
  const dropped = await dropLocally(vendorId, file, values.name ? { name: values.name } : {});
  console.log(`dropped gs://${dropped.bucket}/${dropped.name} (generation ${dropped.generation})`);
  if (values['no-wait']) return 0;
  const firestore = db();
  const end = Date.now() + 120_000;
  let last = '';
  while (Date.now() < end) {
    const batch = (await firestore.doc(`ingestBatches/${vendorId}:${dropped.batchId}`).get()).data();
    if (batch) {
      const job = (await firestore.doc(`ingestJobs/${batch.jobId as string}`).get()).data()!;
      const line = `job ${batch.jobId as string}: ${job.state as string} · ${job.accepted as number} accepted · ${job.rejectedCount as number} refused${job.applied !== undefined ? ` · ${job.applied as number} applied` : ''}`;
      if (line !== last) console.log((last = line));
      for (const e of ((job.errors ?? []) as { index: number; field: string; message: string }[]).slice(0, 10)) if (['failed', 'done', 'held_for_review'].includes(job.state as string)) console.log(`  row ${e.index + 1} · ${e.field}: ${e.message}`);
      if (job.state === 'held_for_review') console.log(`  held for review: ${((job.review?.reasons ?? []) as string[]).join('; ')} (confirm or discard in the vendor panel)`);
      if (['done', 'failed', 'held_for_review', 'discarded'].includes(job.state as string)) return job.state === 'failed' ? 1 : 0;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error('no job within 2 minutes: is `npm start` running?');
  return 1;
}

if (require.main === module) void main().then((code) => process.exit(code));
