/**
 * Accepting a push batch: validate the envelope and every row, refuse unknown SKUs unless the
 * source may create them, store the accepted rows with the job and the batch's answer in one
 * commit, then queue the job. A repeated batchId returns the first answer and applies nothing.
 */
import { randomBytes } from 'node:crypto';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { Code, codeOf } from '../adapters/firestore-errors';
import { envelopeSchema, IngestRow, RowError, rowSchema } from './schemas';
import { fieldErrors } from '../zod-errors';
import { countRequest } from '../adapters/rate-limits';
import { DomainError } from '../errors';
import * as logs from '../logs';
import { expireAt } from '../adapters/retention';
import { instruments } from '../adapters/metrics';

export interface IngestQueue {
  enqueue(jobId: string): Promise<void>;
}


export interface AcceptAnswer {
  jobId: string;
  accepted: number;
  rejected: RowError[];
}

export const CHUNK_ROWS = 1000;

export interface IngestLimits {
  requestsPerMinute: number;
}

export class IngestService {
  constructor(
    private readonly db: Firestore,
    private readonly queue: IngestQueue,
    private readonly limits: IngestLimits = { requestsPerMinute: 120 },
  ) {}

  async accept(payload: unknown, receivedAt = Date.now()): Promise<AcceptAnswer> {
    const env = envelopeSchema.safeParse(payload);
    if (!env.success) {
      throw new DomainError('invalid-argument', 'malformed batch', { errors: fieldErrors(env.error, '(body)') });
    }
    const { source, batchId, updates } = env.data;
    // Dedupe first: a repeated batch is answered without counting against the source's quota.
    const batchRef = this.db.collection(C.ingestBatches).doc(`${source}:${batchId}`);
    const earlier = await batchRef.get();
    if (earlier.exists) return earlier.data()!.answer as AcceptAnswer;
    await this.rateLimit(source, receivedAt);

    const rejected: RowError[] = [];
    const rows: { index: number; row: IngestRow }[] = [];
    updates.forEach((u, index) => {
      const r = rowSchema.safeParse(u);
      if (r.success) rows.push({ index, row: r.data });
      else for (const f of fieldErrors(r.error, '(row)')) rejected.push({ index, ...f });
    });

    const sourceDoc = (await this.db.collection(C.ingestSources).doc(source).get()).data();
    if (sourceDoc?.canCreateSkus !== true && rows.length) {
      const skus = [...new Set(rows.map((r) => r.row.sku))];
      const known = new Set<string>();
      for (let i = 0; i < skus.length; i += 500) {
        const snaps = await this.db.getAll(...skus.slice(i, i + 500).map((s) => this.db.collection(C.products).doc(s)));
        for (const s of snaps) if (s.exists) known.add(s.id);
      }
      for (let k = rows.length - 1; k >= 0; k--) {
        if (!known.has(rows[k]!.row.sku)) {
          rejected.push({ index: rows[k]!.index, field: 'sku', message: `unknown SKU ${rows[k]!.row.sku}: not in the catalog` });
          rows.splice(k, 1);
        }
      }
    }
    rejected.sort((a, b) => a.index - b.index);

    const jobId = randomBytes(10).toString('hex');
    const answer: AcceptAnswer = { jobId, accepted: rows.length, rejected };
    const jobRef = this.db.collection(C.ingestJobs).doc(jobId);
    const at = Timestamp.fromMillis(receivedAt);
    const batch = this.db.batch();
    // The batch id is claimed in the same commit as the job: of two identical requests racing,
    // exactly one creates it; the other reads the winner's answer.
    batch.create(batchRef, { source, batchId, answer, jobId, createdAt: at, expireAt: expireAt('ingestBatches', receivedAt) });
    const chunks = Math.ceil(rows.length / CHUNK_ROWS);
    batch.set(jobRef, {
      jobId, source, batchId,
      state: rows.length ? 'queued' : 'done',
      received: updates.length, accepted: rows.length, rejectedCount: rejected.length,
      errors: rejected.slice(0, 1000), chunks,
      receivedAt: at, updatedAt: at,
      expireAt: expireAt('ingestJobs', receivedAt),
    });
    for (let c = 0; c < chunks; c++) {
      batch.set(jobRef.collection('chunks').doc(String(c)), { rows: rows.slice(c * CHUNK_ROWS, (c + 1) * CHUNK_ROWS).map((r) => ({ ...r.row, index: r.index })), expireAt: expireAt('chunks', receivedAt) });
    }
    try {
      await batch.commit();
    } catch (err) {
      if (codeOf(err) === Code.ALREADY_EXISTS) return (await batchRef.get()).data()!.answer as AcceptAnswer;
      throw err;
    }
    logs.ingest('accepted', { jobId, source, batchId, received: updates.length, accepted: rows.length, rejected: rejected.length });
    instruments().ingestRows.add(rows.length, { source, outcome: 'accepted' });
    instruments().ingestRows.add(rejected.length, { source, outcome: 'rejected' });
    // If this fails the job stays queued and the sweeper queues it again.
    if (rows.length) await this.queue.enqueue(jobId).catch((err) => logs.internalError('ingest enqueue', err, { jobId }));
    return answer;
  }

  private async rateLimit(source: string, now: number): Promise<void> {
    const windowStart = Math.floor(now / 60_000) * 60_000;
    const count = await countRequest(this.db, `ingest:${source}`, windowStart);
    if (count > this.limits.requestsPerMinute) {
      const retryAfter = Math.ceil((windowStart + 60_000 - now) / 1000);
      throw new DomainError('resource-exhausted', `rate limit of ${this.limits.requestsPerMinute} requests per minute exceeded for source ${source}`, { retryAfterSeconds: retryAfter });
    }
  }

  async job(jobId: string): Promise<Record<string, unknown>> {
    if (!/^[0-9a-f]{20}$/.test(jobId)) throw new DomainError('not-found', 'no such job');
    const d = (await this.db.collection(C.ingestJobs).doc(jobId).get()).data();
    if (!d) throw new DomainError('not-found', 'no such job');
    const iso = (v: unknown) => (v instanceof Timestamp ? v.toDate().toISOString() : v ?? null);
    return {
      jobId, source: d.source, batchId: d.batchId, state: d.state,
      received: d.received, accepted: d.accepted, rejected: d.rejectedCount,
      applied: d.applied ?? 0, duplicate: d.duplicate ?? 0, stale: d.stale ?? 0, notOwned: d.notOwned ?? 0,
      errors: d.errors ?? [], error: d.error ?? null,
      receivedAt: iso(d.receivedAt), appliedAt: iso(d.appliedAt), latencyMs: d.latencyMs ?? null,
    };
  }
}
