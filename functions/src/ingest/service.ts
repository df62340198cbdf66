/**
 * Accepting a push batch: validate the envelope and every row, refuse unknown SKUs unless the
 * source may create them, store the accepted rows with the job and the batch's answer in one
 * commit, then queue the job. A repeated batchId returns the first answer and applies nothing.
 */
import { sampledCarrier } from '../adapters/tracing';
import { randomBytes } from 'node:crypto';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { Code, codeOf } from '../adapters/firestore-errors';
import { BatchMode, envelopeFor, envelopeSchema, IngestRow, MAX_ROWS, RowError, rowSchema, VendorRow, vendorRowSchema } from './schemas';
import { fieldErrors, parseOrRefuse } from '../zod-errors';
import { FeedDiff, GuardVerdict, massChange } from '../domain/feed-guard';
import { previewBatch, vendorListing, vendorTotals } from './feed-preview';
import { openAlert, resolveAlert } from '../adapters/alerts';
import { z } from 'zod';
import { FixedWindowLimiter } from '../adapters/rate-limits';
import { csvLines } from '../adapters/csv';
import { isCompleteOffer, resolveVendorSku, ownership, vendorOfOfferId, OfferPatch } from '../domain/offer';
import { IngestQueue, InlineApplier, OfferCatalog } from './ports';
import { DomainError } from '../errors';
import * as logs from '../logs';
import { expireAt } from '../adapters/retention';
import { instruments } from '../adapters/metrics';

export type { IngestQueue } from './ports';

export const reviewInput = z.object({ decision: z.enum(['confirm', 'discard'], { error: 'must be "confirm" or "discard"' }) }).strict().meta({ id: 'ReviewInput' });

/** A row as a job stores it: the validated row, its index in the batch, and for a vendor the offer it names. */
export type StoredRow = IngestRow & { index: number; vendorSku?: string; offer?: OfferPatch };

export interface AcceptOptions {
  receivedAt?: number;
  /** The vendor the signature belongs to (its rows name its own offers); null: a system source. */
  vendorId?: string | null;
  /** `replace`: the batch is the vendor's whole stock; its listed offers missing from it go to 0. */
  mode?: BatchMode;
  /** At most this many rows (default the API's 5,000; a file drop takes more). */
  maxRows?: number;
  /** false: queue the batch whatever its size (the client asked `Prefer: respond-async`). */
  inline?: boolean;
  /** Where the batch came from, kept on the job (a file drop's name, size and hash). */
  file?: { name: string; bytes: number; sha256: string; origin: 'upload' | 'storage'; object?: string };
}

const OFFER_FIELDS = ['productId', 'condition', 'language', 'price'] as const;

export type JobState = 'queued' | 'processing' | 'done' | 'failed' | 'held_for_review' | 'discarded';

export interface Review {
  reasons: string[];
  diff: FeedDiff;
}

export interface AcceptAnswer {
  jobId: string;
  accepted: number;
  rejected: RowError[];
  state: JobState;
  /** A held batch: why, and what it would do. */
  review?: Review;
}

export interface DryRunAnswer {
  dryRun: true;
  accepted: number;
  rejected: RowError[];
  diff: FeedDiff;
  /** Whether the mass-change guard would hold this batch, and why. */
  guard: { hold: boolean; reasons: string[] };
}

export const CHUNK_ROWS = 1000;

export interface IngestLimits {
  requestsPerMinute: number;
  /** Hold a vendor batch that zeroes or deletes more than this share (%) of its offers or units (100: never). */
  guardPercent?: number;
  /** The system's low-stock threshold (the preview reads stock with it). */
  defaultThreshold?: number;
}

interface Validated {
  source: string;
  batchId: string;
  updates: unknown[];
  vendorId: string | null;
  rows: StoredRow[];
  rejected: RowError[];
}

export class IngestService {
  private readonly limiter: FixedWindowLimiter;

  constructor(
    private readonly db: Firestore,
    private readonly queue: IngestQueue,
    private readonly catalog: OfferCatalog,
    private readonly limits: IngestLimits = { requestsPerMinute: 120 },
    private readonly inline: InlineApplier | null = null,
  ) {
    this.limiter = new FixedWindowLimiter(db, limits.requestsPerMinute);
  }

  private envelope(payload: unknown, maxRows = MAX_ROWS) {
    const env = (maxRows === MAX_ROWS ? envelopeSchema : envelopeFor(maxRows)).safeParse(payload);
    if (!env.success) throw new DomainError('invalid-argument', 'malformed batch', { errors: fieldErrors(env.error, '(body)') });
    return env.data;
  }

  /** The envelope and every row checked; in replace mode, the vendor's listed offers missing from the batch go to 0. */
  private async validate(env: { source: string; batchId: string; updates: unknown[] }, opts: AcceptOptions, receivedAt: number): Promise<Validated> {
    const vendorId = opts.vendorId ?? null;
    if (opts.mode === 'replace' && !vendorId) throw new DomainError('invalid-argument', 'mode=replace is for a vendor\'s whole stock: a system source sends updates', { errors: [{ field: 'mode', message: 'replace needs a vendor' }] });
    const { rows, rejected } = vendorId ? await this.vendorRows(vendorId, env.updates) : await this.systemRows(env.source, env.updates);
    if (vendorId && opts.mode === 'replace') rows.push(...(await this.missingFromReplace(vendorId, rows, receivedAt)));
    return { ...env, vendorId, rows, rejected: rejected.sort((a, b) => a.index - b.index) };
  }

  /** Zero rows for every location of each listed offer a replace batch does not name (at the batch's time as seq). */
  private async missingFromReplace(vendorId: string, rows: StoredRow[], receivedAt: number): Promise<StoredRow[]> {
    const named = new Set(rows.map((r) => r.sku));
    const { offers } = await vendorListing(this.db, vendorId);
    const occurredAt = new Date(receivedAt).toISOString();
    const out: StoredRow[] = [];
    for (const [sku, o] of offers) {
      if (named.has(sku)) continue;
      for (const locationId of o.locations) out.push({ op: 'upsert', sku, locationId, onHand: 0, seq: receivedAt, occurredAt, index: -1, vendorSku: sku.slice(vendorId.length + 1) });
    }
    return out;
  }

  /** What the batch would do, and what the guard would say: nothing is stored, queued or applied. */
  async preview(payload: unknown, opts: AcceptOptions = {}): Promise<DryRunAnswer> {
    const receivedAt = opts.receivedAt ?? Date.now();
    const env = this.envelope(payload, opts.maxRows);
    await this.rateLimit(env.source, receivedAt);
    const v = await this.validate(env, opts, receivedAt);
    const { diff, verdict } = await this.judge(v, receivedAt);
    return { dryRun: true, accepted: v.rows.length, rejected: v.rejected, diff, guard: { hold: verdict.hold, reasons: verdict.reasons } };
  }

  /**
   * The diff of the batch and the guard's verdict. The vendor's whole listing is counted only when
   * the batch alone would trip the guard: the offers it touches are a lower bound of the listing,
   * so a batch within the limit over them is within it over all.
   */
  private async judge(v: Validated, now: number): Promise<{ diff: FeedDiff; verdict: GuardVerdict }> {
    const percent = this.limits.guardPercent ?? 30;
    const { diff, touched } = await previewBatch(this.db, v.vendorId, v.rows, this.limits.defaultThreshold ?? 0, now);
    let verdict = massChange(diff, touched, percent);
    if (verdict.hold && v.vendorId) verdict = massChange(diff, await vendorTotals(this.db, v.vendorId), percent);
    // Only a vendor's batch is held: a system source (the WMS) is the authority on its counts.
    if (!v.vendorId) verdict = { ...verdict, hold: false, reasons: [] };
    return { diff, verdict };
  }

  async accept(payload: unknown, opts: AcceptOptions = {}): Promise<AcceptAnswer> {
    const receivedAt = opts.receivedAt ?? Date.now();
    const env = this.envelope(payload, opts.maxRows);
    // Dedupe first: a repeated batch is answered without counting against the source's quota.
    const batchRef = this.db.collection(C.ingestBatches).doc(`${env.source}:${env.batchId}`);
    const earlier = await batchRef.get();
    if (earlier.exists) return earlier.data()!.answer as AcceptAnswer;
    await this.rateLimit(env.source, receivedAt);
    const v = await this.validate(env, opts, receivedAt);
    const { source, batchId, updates, vendorId, rows, rejected } = v;
    const judged = vendorId && rows.length ? await this.judge(v, receivedAt) : null;
    const held = judged?.verdict.hold === true;
    const state: JobState = !rows.length ? 'done' : held ? 'held_for_review' : 'queued';
    // A small batch is applied here, in the request (the job is created `processing`, so no worker
    // takes it meanwhile); a larger one, or one the inline path fails on, is queued.
    const inline = state === 'queued' && opts.inline !== false && !!this.inline && rows.length <= this.inline.maxRows;

    const jobId = randomBytes(10).toString('hex');
    // The refused rows as they came, for the vendor's error report (the first 1,000, 1,000 characters each).
    const rejectedRows: Record<string, string> = {};
    for (const e of rejected.slice(0, 1000)) rejectedRows[e.index] ??= originalLine(updates[e.index]);
    const review: Review | undefined = held ? { reasons: judged!.verdict.reasons, diff: judged!.diff } : undefined;
    const answer: AcceptAnswer = { jobId, accepted: rows.length, rejected, state, ...(review ? { review } : {}) };
    const jobRef = this.db.collection(C.ingestJobs).doc(jobId);
    const at = Timestamp.fromMillis(receivedAt);
    // The request's trace (when sampled): the job names it, so its waterfall opens from the job.
    const trace = sampledCarrier();
    const batch = this.db.batch();
    // The batch id is claimed in the same commit as the job: of two identical requests racing,
    // exactly one creates it; the other reads the winner's answer.
    batch.create(batchRef, { source, batchId, answer, jobId, ...(vendorId ? { vendorId } : {}), createdAt: at, expireAt: expireAt('ingestBatches', receivedAt) });
    const chunks = Math.ceil(rows.length / CHUNK_ROWS);
    batch.set(jobRef, {
      jobId, source, batchId, vendorId, state: inline ? 'processing' : state,
      ...(inline ? { attempts: 1 } : {}),
      mode: opts.mode ?? 'update',
      received: updates.length, accepted: rows.length, rejectedCount: rejected.length,
      errors: rejected.slice(0, 1000), rejectedRows, chunks,
      ...(judged ? { diff: judged.diff } : {}),
      ...(review ? { review: { reasons: review.reasons } } : {}),
      ...(opts.file ? { file: opts.file } : {}),
      ...(trace ? { trace } : {}),
      receivedAt: at, updatedAt: at,
      expireAt: expireAt('ingestJobs', receivedAt),
    });
    if (vendorId) {
      batch.update(this.db.collection(C.vendors).doc(vendorId), { lastFeedAt: at });
      // The public side of the feed's health: readers derive staleness from it, so the storefront's
      // per-offer banner clears at once; the watchdog owns the stored flag, the alert and any halt.
      batch.set(this.db.collection(C.vendorFeeds).doc(vendorId), { vendorId, lastFeedAt: at }, { merge: true });
    }
    if (held) {
      openAlert(batch, this.db, `mass-change-${jobId}`, { kind: 'mass_change_held', vendorId, jobId, source, reasons: review!.reasons, ...judged!.diff }, at);
    }
    for (let c = 0; c < chunks; c++) {
      batch.set(jobRef.collection('chunks').doc(String(c)), { rows: rows.slice(c * CHUNK_ROWS, (c + 1) * CHUNK_ROWS), expireAt: expireAt('chunks', receivedAt) });
    }
    try {
      await batch.commit();
    } catch (err) {
      if (codeOf(err) === Code.ALREADY_EXISTS) return (await batchRef.get()).data()!.answer as AcceptAnswer;
      throw err;
    }
    logs.ingest(held ? 'held_for_review' : 'accepted', { jobId, source, batchId, received: updates.length, accepted: rows.length, rejected: rejected.length, ...(review ? { reasons: review.reasons } : {}) });
    instruments().ingestRows.add(rows.length, { source, outcome: held ? 'held' : 'accepted' });
    instruments().ingestRows.add(rejected.length, { source, outcome: 'rejected' });
    if (inline) {
      try {
        await this.inline!.apply({ jobId, source, batchId, vendorId, receivedAt }, rows);
        return { ...answer, state: 'done' };
      } catch {
        // The applier put the job back to `queued` (logged there); if even that failed, it stays
        // `processing` and the sweeper queues it a minute later. Never lost.
        logs.ingest('inline_fallback', { jobId, source, batchId, rows: rows.length });
      }
    }
    // If this fails the job stays queued and the sweeper queues it again.
    if (state === 'queued') await this.queue.enqueue(jobId).catch((err) => logs.internalError('ingest enqueue', err, { jobId }));
    return answer;
  }

  /**
   * A file that could not be read as a batch at all (malformed CSV, no rows, too large): a failed
   * job whose errors name the line and field, so the vendor sees it beside its other jobs. Never
   * retried; the same file again answers with the same job.
   */
  async fail(env: { source: string; batchId: string; vendorId: string | null }, errors: { field: string; message: string }[], opts: Pick<AcceptOptions, 'receivedAt' | 'file' | 'mode'> = {}): Promise<AcceptAnswer> {
    const receivedAt = opts.receivedAt ?? Date.now();
    const batchRef = this.db.collection(C.ingestBatches).doc(`${env.source}:${env.batchId}`);
    const earlier = await batchRef.get();
    if (earlier.exists) return earlier.data()!.answer as AcceptAnswer;
    const jobId = randomBytes(10).toString('hex');
    const rejected: RowError[] = errors.slice(0, 1000).map((e) => ({ index: 0, ...e }));
    const answer: AcceptAnswer = { jobId, accepted: 0, rejected, state: 'failed' };
    const at = Timestamp.fromMillis(receivedAt);
    const error = `the file could not be read: ${errors.slice(0, 3).map((e) => `${e.field}: ${e.message}`).join('; ')}${errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''}`;
    const batch = this.db.batch();
    batch.create(batchRef, { ...env, answer, jobId, createdAt: at, expireAt: expireAt('ingestBatches', receivedAt) });
    batch.set(this.db.collection(C.ingestJobs).doc(jobId), {
      jobId, source: env.source, batchId: env.batchId, vendorId: env.vendorId, state: 'failed', mode: opts.mode ?? 'update',
      received: 0, accepted: 0, rejectedCount: rejected.length, errors: rejected, rejectedRows: {}, chunks: 0, error,
      ...(opts.file ? { file: opts.file } : {}),
      receivedAt: at, updatedAt: at, failedAt: at, expireAt: expireAt('ingestJobs', receivedAt),
    });
    try {
      await batch.commit();
    } catch (err) {
      if (codeOf(err) === Code.ALREADY_EXISTS) return (await batchRef.get()).data()!.answer as AcceptAnswer;
      throw err;
    }
    logs.ingest('failed', { jobId, source: env.source, batchId: env.batchId, reason: error });
    return answer;
  }

  /**
   * A person's decision on a held batch: `confirm` queues it to apply exactly as it would have,
   * `discard` ends it. `owner` limits it to one vendor's jobs (another's is not found).
   */
  async review(jobId: string, input: unknown, actor: string, owner: { vendorId?: string } = {}): Promise<{ jobId: string; state: JobState }> {
    const { decision } = parseOrRefuse(reviewInput, input, '(body)');
    await this.jobDoc(jobId, owner);
    const ref = this.db.collection(C.ingestJobs).doc(jobId);
    const now = Timestamp.now();
    const state: JobState = decision === 'confirm' ? 'queued' : 'discarded';
    await this.db.runTransaction(async (tx) => {
      const d = (await tx.get(ref)).data()!;
      if (d.state !== 'held_for_review') throw new DomainError('failed-precondition', `job ${jobId} is ${String(d.state)}, not held for review`, { state: d.state });
      tx.update(ref, { state, reviewedBy: actor, reviewedAt: now, decision, updatedAt: now });
      resolveAlert(tx, this.db, `mass-change-${jobId}`, { decision, reviewedBy: actor }, now);
    });
    logs.ingest(`review_${decision}`, { jobId, actor });
    if (state === 'queued') await this.queue.enqueue(jobId).catch((err) => logs.internalError('ingest enqueue', err, { jobId }));
    return { jobId, state };
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
    mode: d.mode ?? 'update',
    diff: d.diff ?? null,
    review: d.review ? { reasons: d.review.reasons ?? [], decision: d.decision ?? null, reviewedBy: d.reviewedBy ?? null, reviewedAt: iso(d.reviewedAt) } : null,
    file: d.file ?? null,
    traceId: typeof d.trace?.traceId === 'string' ? d.trace.traceId : null,
  };
}
