/**
 * Accepting a push batch: validate the envelope and every row, refuse unknown SKUs unless the
 * source may create them, store the accepted rows with the job and the batch's answer in one
 * commit, then queue the job. A repeated batchId returns the first answer and applies nothing.
 */
import { randomBytes } from 'node:crypto';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { Code, codeOf } from '../adapters/firestore-errors';
import { envelopeSchema, IngestRow, RowError, rowSchema, VendorRow, vendorRowSchema } from './schemas';
import { fieldErrors } from '../zod-errors';
import { FixedWindowLimiter } from '../adapters/rate-limits';
import { csvLines } from '../adapters/csv';
import { isCompleteOffer, resolveVendorSku, ownership, vendorOfOfferId, OfferPatch } from '../domain/offer';
import { IngestQueue, OfferCatalog } from './ports';
import { DomainError } from '../errors';
import * as logs from '../logs';
import { expireAt } from '../adapters/retention';
import { instruments } from '../adapters/metrics';

export type { IngestQueue } from './ports';

/** A row as a job stores it: the validated row, its index in the batch, and for a vendor the offer it names. */
export type StoredRow = IngestRow & { index: number; vendorSku?: string; offer?: OfferPatch };

export interface AcceptOptions {
  receivedAt?: number;
  /** The vendor the signature belongs to (its rows name its own offers); null: a system source. */
  vendorId?: string | null;
}

const OFFER_FIELDS = ['productId', 'condition', 'language', 'price'] as const;


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
  private readonly limiter: FixedWindowLimiter;

  constructor(
    private readonly db: Firestore,
    private readonly queue: IngestQueue,
    private readonly catalog: OfferCatalog,
    private readonly limits: IngestLimits = { requestsPerMinute: 120 },
  ) {
    this.limiter = new FixedWindowLimiter(db, limits.requestsPerMinute);
  }

  async accept(payload: unknown, opts: AcceptOptions = {}): Promise<AcceptAnswer> {
    const receivedAt = opts.receivedAt ?? Date.now();
    const vendorId = opts.vendorId ?? null;
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

    const { rows, rejected } = vendorId ? await this.vendorRows(vendorId, updates) : await this.systemRows(source, updates);
    rejected.sort((a, b) => a.index - b.index);

    const jobId = randomBytes(10).toString('hex');
    // The refused rows as they came, for the vendor's error report (the first 1,000, 1,000 characters each).
    const rejectedRows: Record<string, string> = {};
    for (const e of rejected.slice(0, 1000)) rejectedRows[e.index] ??= originalLine(updates[e.index]);
    const answer: AcceptAnswer = { jobId, accepted: rows.length, rejected };
    const jobRef = this.db.collection(C.ingestJobs).doc(jobId);
    const at = Timestamp.fromMillis(receivedAt);
    const batch = this.db.batch();
    // The batch id is claimed in the same commit as the job: of two identical requests racing,
    // exactly one creates it; the other reads the winner's answer.
    batch.create(batchRef, { source, batchId, answer, jobId, ...(vendorId ? { vendorId } : {}), createdAt: at, expireAt: expireAt('ingestBatches', receivedAt) });
    const chunks = Math.ceil(rows.length / CHUNK_ROWS);
    batch.set(jobRef, {
      jobId, source, batchId, vendorId,
      state: rows.length ? 'queued' : 'done',
      received: updates.length, accepted: rows.length, rejectedCount: rejected.length,
      errors: rejected.slice(0, 1000), rejectedRows, chunks,
      receivedAt: at, updatedAt: at,
      expireAt: expireAt('ingestJobs', receivedAt),
    });
    if (vendorId) batch.update(this.db.collection(C.vendors).doc(vendorId), { lastFeedAt: at });
    for (let c = 0; c < chunks; c++) {
      batch.set(jobRef.collection('chunks').doc(String(c)), { rows: rows.slice(c * CHUNK_ROWS, (c + 1) * CHUNK_ROWS), expireAt: expireAt('chunks', receivedAt) });
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
    const v = await this.limiter.take(`ingest:${source}`, now);
    if (!v.ok) {
      throw new DomainError('resource-exhausted', `rate limit of ${this.limits.requestsPerMinute} requests per minute exceeded for source ${source}`, { retryAfterSeconds: v.retryAfterSeconds });
    }
  }

  /** A system source's rows: plain SKUs only (never a vendor's offer), known to the catalogue unless the source may create SKUs. */
  private async systemRows(source: string, updates: unknown[]): Promise<{ rows: StoredRow[]; rejected: RowError[] }> {
    const rejected: RowError[] = [];
    let rows: StoredRow[] = [];
    updates.forEach((u, index) => {
      const r = rowSchema.safeParse(u);
      if (!r.success) for (const f of fieldErrors(r.error, '(row)')) rejected.push({ index, ...f });
      else if (vendorOfOfferId(r.data.sku) !== null) rejected.push({ index, field: 'sku', message: `${r.data.sku} is an offer of vendor ${vendorOfOfferId(r.data.sku)}: only its vendor pushes it` });
      else rows.push({ ...r.data, index });
    });
    const sourceDoc = (await this.db.collection(C.ingestSources).doc(source).get()).data();
    if (sourceDoc?.canCreateSkus !== true && rows.length) {
      const known = await this.catalog.products([...new Set(rows.map((r) => r.sku))]);
      rows = rows.filter((r) => {
        if (known.has(r.sku)) return true;
        rejected.push({ index: r.index, field: 'sku', message: `unknown SKU ${r.sku}: not in the catalog` });
        return false;
      });
    }
    return { rows, rejected: rejected.sort((a, b) => a.index - b.index) };
  }

  /**
   * A vendor's rows: each names one of its own offers (its code, or the offer id). An offer that
   * does not exist yet is created by a row that carries all of its attributes, for a product in
   * the catalogue. Anything else is a row error that says what to do next, and changes nothing.
   */
  private async vendorRows(vendorId: string, updates: unknown[]): Promise<{ rows: StoredRow[]; rejected: RowError[] }> {
    const rejected: RowError[] = [];
    const parsed: { index: number; row: VendorRow; offerId: string; vendorSku: string }[] = [];
    updates.forEach((u, index) => {
      const r = vendorRowSchema.safeParse(u);
      if (!r.success) {
        for (const f of fieldErrors(r.error, '(row)')) rejected.push({ index, ...f });
        return;
      }
      const code = resolveVendorSku(vendorId, r.data.sku);
      if (!code.ok) rejected.push({ index, field: 'sku', message: code.message });
      else parsed.push({ index, row: r.data, offerId: code.offerId, vendorSku: code.vendorSku });
    });
    const stored = await this.catalog.offers([...new Set(parsed.map((p) => p.offerId))]);
    const products = await this.catalog.products([...new Set(parsed.flatMap((p) => (p.row.productId ? [p.row.productId] : [])))]);
    // An offer created by an earlier row of this batch exists for the rows after it.
    const creating = new Set<string>();
    const rows: StoredRow[] = [];
    for (const p of parsed) {
      const { productId, condition, language, foil, signed, price, ...count } = p.row;
      const patch: OfferPatch = Object.fromEntries(Object.entries({ productId, condition, language, foil, signed, price }).filter(([, v]) => v !== undefined));
      const verdict = ownership(vendorId, stored.get(p.offerId) ?? { exists: false, offer: null });
      const refuse = (field: string, message: string) => rejected.push({ index: p.index, field, message });
      if (verdict === 'foreign') {
        refuse('sku', `${p.offerId} is not an offer of vendor ${vendorId}: a vendor writes only its own offers`);
        continue;
      }
      if (verdict === 'absent' && !creating.has(p.offerId)) {
        if (count.op === 'delete') {
          refuse('sku', `unknown offer code ${p.vendorSku}: there is no offer to delete`);
          continue;
        }
        if (!isCompleteOffer(patch)) {
          const missing = OFFER_FIELDS.filter((f) => patch[f] === undefined);
          if (missing.length === OFFER_FIELDS.length) refuse('sku', `unknown offer code ${p.vendorSku}: vendor ${vendorId} has no offer with this code; to create it, send productId, condition, language and price (CSV: priceAmount, priceCurrency) in the row`);
          else for (const f of missing) refuse(f, `is required to create offer ${p.vendorSku} (it does not exist yet)`);
          continue;
        }
      }
      if (patch.productId !== undefined && !products.has(patch.productId)) {
        refuse('productId', `unknown product ${patch.productId}: not in the catalogue; check the id, or ask an operator to add the product`);
        continue;
      }
      if (verdict === 'absent') creating.add(p.offerId);
      rows.push({ ...count, sku: p.offerId, index: p.index, vendorSku: p.vendorSku, ...(Object.keys(patch).length ? { offer: patch } : {}) });
    }
    return { rows, rejected: rejected.sort((a, b) => a.index - b.index) };
  }

  /**
   * One job. `owner` limits it to one source's or one vendor's jobs: another's job is answered as
   * not found, never as forbidden, so an id reveals nothing.
   */
  async job(jobId: string, owner: { source?: string | null; vendorId?: string } = {}): Promise<Record<string, unknown>> {
    return jobView(jobId, await this.jobDoc(jobId, owner));
  }

  /** A job's stored document, or not found (also when it is another source's or vendor's). */
  private async jobDoc(jobId: string, owner: { source?: string | null; vendorId?: string }): Promise<FirebaseFirestore.DocumentData> {
    if (!/^[0-9a-f]{20}$/.test(jobId)) throw new DomainError('not-found', 'no such job');
    const d = (await this.db.collection(C.ingestJobs).doc(jobId).get()).data();
    if (!d) throw new DomainError('not-found', 'no such job');
    if (owner.source !== undefined && d.source !== owner.source) throw new DomainError('not-found', 'no such job');
    if (owner.vendorId !== undefined && d.vendorId !== owner.vendorId) throw new DomainError('not-found', 'no such job');
    return d;
  }

  /** A vendor's job's refused rows: the record number (1-based), the field, why, and the row as it came. */
  async errorReport(jobId: string, vendorId: string): Promise<{ row: number; field: string; message: string; line: string }[]> {
    const d = await this.jobDoc(jobId, { vendorId });
    const lines = (d.rejectedRows ?? {}) as Record<string, string>;
    return ((d.errors ?? []) as RowError[]).map((e) => ({ row: e.index + 1, field: e.field, message: e.message, line: lines[e.index] ?? '' }));
  }

  /** A vendor's jobs, newest first. */
  async jobsOf(vendorId: string, limit = 50): Promise<Record<string, unknown>[]> {
    const q = await this.db.collection(C.ingestJobs).where('vendorId', '==', vendorId).orderBy('receivedAt', 'desc').limit(limit).get();
    return q.docs.map((d) => jobView(d.id, d.data()));
  }
}

/** A row as the vendor sent it: a CSV record's cells as a CSV line again, or the JSON row. */
function originalLine(row: unknown): string {
  const cells = row && typeof row === 'object' && !Array.isArray(row) ? Object.values(row) : null;
  const text = cells && cells.every((v): v is string => typeof v === 'string') ? csvLines([cells]).replace(/\r?\n$/, '') : JSON.stringify(row) ?? '';
  return text.slice(0, 1000);
}

function jobView(jobId: string, d: FirebaseFirestore.DocumentData): Record<string, unknown> {
  const iso = (v: unknown) => (v instanceof Timestamp ? v.toDate().toISOString() : v ?? null);
  return {
    jobId, source: d.source, batchId: d.batchId, vendorId: d.vendorId ?? null, state: d.state,
    received: d.received, accepted: d.accepted, rejected: d.rejectedCount,
    applied: d.applied ?? 0, duplicate: d.duplicate ?? 0, stale: d.stale ?? 0, notOwned: d.notOwned ?? 0,
    errors: d.errors ?? [], error: d.error ?? null,
    receivedAt: iso(d.receivedAt), appliedAt: iso(d.appliedAt), latencyMs: d.latencyMs ?? null,
  };
}
