/**
 * A vendor's file drop (the panel's upload, or a file in `vendor-drops/{vendorId}/` on Cloud
 * Storage) as a batch of the same pipeline as a push: the same row validation, job and status.
 *
 * A file is what a shop system exports, so the columns a push must carry are optional here: only
 * `sku` and `onHand` are required; `op` defaults to upsert, `locationId` to `main`, `seq` to the
 * time the file was received (in ms, so a later file is newer) and `occurredAt` to that time. The
 * offer attributes (productId, condition, language, foil, signed, priceAmount, priceCurrency) ride
 * along as in a push.
 *
 * A file that cannot be read as a batch at all (not CSV or JSON, a quote never closed, no rows, too
 * large) becomes a failed job whose errors name the line and field: never a crash, never retried.
 * The same file again (the vendor, its name and its content; on Storage the object's generation)
 * answers with the same job.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseCsv } from '../adapters/csv';
import { DomainError } from '../errors';
import { BatchMode } from './schemas';
import { Firestore } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import * as logs from '../logs';
import { DropFiles } from './ports';
import { AcceptAnswer, DryRunAnswer, IngestService } from './service';

/** The largest file a drop takes (the API's body cap is 2 MiB; a drop is one file of a vendor's whole stock). */
export const MAX_DROP_BYTES = 8 * 1024 * 1024;
export const MAX_DROP_ROWS = 50_000;
export const DEFAULT_LOCATION = 'main';
export const DROP_PREFIX = 'vendor-drops';
/** Uploaded files are kept here as they were received (outside DROP_PREFIX: keeping one is not a new drop). */
export const KEPT_PREFIX = 'vendor-drops-kept';

export const dropName = z
  .string({ error: 'must be a file name' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]{0,119}\.(csv|json)$/i, 'must be a file name ending in .csv or .json (letters, digits, ".", "_", "-" and spaces, at most 120 characters)');

export type DropType = 'text/csv' | 'application/json';

export interface Drop {
  vendorId: string;
  name: string;
  body: Buffer;
  /** The media type the upload declared (a Storage object's contentType); the file name decides when absent. */
  contentType?: string | null;
  receivedAt?: number;
  mode?: BatchMode;
  origin: 'upload' | 'storage';
  /** Storage: the object's name and generation (the idempotency key there). */
  object?: { name: string; generation: string };
}

type FileError = { field: string; message: string };

class FileRefused extends Error {
  constructor(readonly errors: FileError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
}

/** The drop's media type: from its name, which a declared type must agree with (a generic one is fine). */
export function dropType(name: string, declared?: string | null): DropType {
  const byName: DropType = /\.json$/i.test(name) ? 'application/json' : 'text/csv';
  const t = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  if (!t || t === byName || t === 'application/octet-stream' || (byName === 'text/csv' && (t === 'application/vnd.ms-excel' || t === 'text/plain'))) return byName;
  throw new DomainError('unsupported-media-type', `the file is named ${name} but sent as ${t}: send .csv as text/csv, .json as application/json`);
}

/** The file's rows as updates, with the defaults a shop system's export leaves out. */
export function dropUpdates(body: Buffer, type: DropType, receivedAt: number): Record<string, unknown>[] {
  const defaults = { op: 'upsert', locationId: DEFAULT_LOCATION, seq: String(receivedAt), occurredAt: new Date(receivedAt).toISOString() };
  const fill = (row: Record<string, unknown>) => {
    const out: Record<string, unknown> = { ...row };
    for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined || out[k] === '') out[k] = typeof v === 'string' && k === 'seq' && type === 'application/json' ? receivedAt : v;
    return out;
  };
  if (type === 'text/csv') {
    const csv = parseCsv(body.toString('utf8'));
    const missing = ['sku', 'onHand'].filter((c) => !csv.header.includes(c));
    if (csv.errors.length) throw new FileRefused(csv.errors.slice(0, 100).map((e) => ({ field: `line ${e.line}${e.column ? `, field ${e.column}` : ''}`, message: e.message })));
    if (missing.length) throw new FileRefused(missing.map((c) => ({ field: c, message: 'column is missing (a drop needs at least sku and onHand)' })));
    if (!csv.rows.length) throw new FileRefused([{ field: 'line 2', message: 'the file has a header and no rows: an empty export changes nothing' }]);
    return csv.rows.map((r) => fill(r.values));
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new FileRefused([{ field: '(file)', message: `not JSON: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  const rows = Array.isArray(json) ? json : (json as { updates?: unknown } | null)?.updates;
  if (!Array.isArray(rows)) throw new FileRefused([{ field: '(file)', message: 'a JSON drop is an array of rows, or an object with an `updates` array' }]);
  if (!rows.length) throw new FileRefused([{ field: 'updates', message: 'no rows: an empty export changes nothing' }]);
  return rows.map((r) => (r && typeof r === 'object' && !Array.isArray(r) ? fill(r as Record<string, unknown>) : (r as Record<string, unknown>)));
}

/** The batch id of a drop: the same file (by content, or by Storage generation) is the same batch. */
export function dropBatchId(d: Pick<Drop, 'name' | 'body' | 'object'>): string {
  const key = d.object ? `object\n${d.object.name}\n${d.object.generation}` : `upload\n${d.name}\n${createHash('sha256').update(d.body).digest('hex')}`;
  return `drop-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

export interface StorageObject {
  bucket: string;
  name: string;
  generation: string;
  contentType?: string | null;
  size?: number;
}

export class DropService {
  constructor(
    private readonly db: Firestore,
    private readonly ingest: IngestService,
    private readonly files: DropFiles,
  ) {}

  private async vendorStatus(vendorId: string): Promise<string | null> {
    return ((await this.db.collection(C.vendors).doc(vendorId).get()).data()?.status as string | undefined) ?? null;
  }

  /**
   * The panel's upload: kept as received, then a job (or, with `dryRun`, only what it would do). A
   * suspended vendor's files are refused as its pushes are.
   */
  async upload(vendorId: string, name: string, body: Buffer, o: { contentType?: string | null; dryRun?: boolean; mode?: BatchMode; receivedAt?: number } = {}): Promise<AcceptAnswer | DryRunAnswer> {
    if ((await this.vendorStatus(vendorId)) !== 'active') throw new DomainError('permission-denied', `vendor ${vendorId} is suspended: its feeds are refused until an operator reactivates it`);
    const d: Drop = { vendorId, name, body, contentType: o.contentType ?? null, origin: 'upload', ...(o.mode ? { mode: o.mode } : {}), ...(o.receivedAt ? { receivedAt: o.receivedAt } : {}) };
    if (o.dryRun) return this.preview(d);
    if (dropName.safeParse(name).success && body.length <= MAX_DROP_BYTES) {
      await this.files.keep(`${KEPT_PREFIX}/${vendorId}/${dropBatchId(d)}-${name}`, body, dropType(name, o.contentType));
    }
    return this.accept(d);
  }

  /** A file finalized on Cloud Storage under `vendor-drops/{vendorId}/`; anything else is not a drop (null). */
  async fromStorage(o: StorageObject, receivedAt = Date.now()): Promise<AcceptAnswer | null> {
    const m = new RegExp(`^${DROP_PREFIX}/([^/]+)/(?:.*/)?([^/]+)$`).exec(o.name);
    if (!m) return null;
    const [, vendorId, name] = m as unknown as [string, string, string];
    const status = await this.vendorStatus(vendorId);
    if (status === null) {
      logs.ingest('drop_ignored', { object: o.name, reason: `no vendor ${vendorId}` });
      return null;
    }
    const d: Drop = { vendorId, name, body: Buffer.alloc(0), contentType: o.contentType ?? null, origin: 'storage', object: { name: o.name, generation: o.generation }, receivedAt };
    const { envelope, file } = this.prepare(d);
    const refuse = (message: string) => this.ingest.fail(envelope, [{ field: '(file)', message }], { receivedAt, file: { ...file, bytes: o.size ?? 0 } });
    if (status !== 'active') return refuse(`vendor ${vendorId} is suspended: its feeds are refused until an operator reactivates it`);
    if ((o.size ?? 0) > MAX_DROP_BYTES) return refuse(`${o.size} bytes, larger than the ${MAX_DROP_BYTES} bytes a drop takes: split the file`);
    return this.accept({ ...d, body: await this.files.read(o.bucket, o.name) });
  }

  private prepare(d: Drop) {
    const receivedAt = d.receivedAt ?? Date.now();
    const envelope = { source: d.vendorId, batchId: dropBatchId(d), vendorId: d.vendorId };
    const file = { name: d.name, bytes: d.body.length, sha256: createHash('sha256').update(d.body).digest('hex'), origin: d.origin, ...(d.object ? { object: d.object.name } : {}) };
    return { receivedAt, envelope, file };
  }

  private updates(d: Drop, receivedAt: number): Record<string, unknown>[] {
    const name = dropName.safeParse(d.name);
    if (!name.success) throw new FileRefused([{ field: 'name', message: name.error.issues[0]!.message }]);
    if (d.body.length > MAX_DROP_BYTES) throw new FileRefused([{ field: '(file)', message: `${d.body.length} bytes, larger than the ${MAX_DROP_BYTES} bytes a drop takes: split the file` }]);
    return dropUpdates(d.body, dropType(d.name, d.contentType), receivedAt);
  }

  /** The drop as a job (queued, held for review, done, or failed naming the line and field). */
  async accept(d: Drop): Promise<AcceptAnswer> {
    const { receivedAt, envelope, file } = this.prepare(d);
    const common = { receivedAt, file, ...(d.mode ? { mode: d.mode } : {}) };
    try {
      const updates = this.updates(d, receivedAt);
      return await this.ingest.accept({ source: envelope.source, batchId: envelope.batchId, updates }, { ...common, vendorId: d.vendorId, maxRows: MAX_DROP_ROWS });
    } catch (err) {
      const errors = fileErrors(err);
      if (!errors) throw err;
      // An upload is answered at once: a bad name is the caller's to fix (400). A file on Storage has no one to answer: a failed job.
      if (d.origin === 'upload' && err instanceof DomainError && err.code === 'unsupported-media-type') throw err;
      if (d.origin === 'upload' && errors.some((e) => e.field === 'name')) throw new DomainError('invalid-argument', 'bad file name', { errors });
      return this.ingest.fail(envelope, errors, common);
    }
  }

  /** The drop's dry run: what it would do, applying nothing; a file that cannot be read is refused naming line and field. */
  async preview(d: Drop): Promise<DryRunAnswer> {
    const { receivedAt } = this.prepare(d);
    try {
      const updates = this.updates(d, receivedAt);
      return await this.ingest.preview({ source: d.vendorId, batchId: dropBatchId(d), updates }, { receivedAt, vendorId: d.vendorId, maxRows: MAX_DROP_ROWS, ...(d.mode ? { mode: d.mode } : {}) });
    } catch (err) {
      const errors = fileErrors(err);
      if (!errors) throw err;
      throw new DomainError('invalid-argument', 'the file cannot be read as a batch', { errors });
    }
  }
}

/** The errors of a file that is not a batch at all; null for anything else (rate limits, outages: those are retried). */
function fileErrors(err: unknown): FileError[] | null {
  if (err instanceof FileRefused) return err.errors;
  if (err instanceof DomainError && (err.code === 'invalid-argument' || err.code === 'unsupported-media-type')) {
    const listed = (err.details?.errors as FileError[] | undefined) ?? [];
    return listed.length ? listed : [{ field: '(file)', message: err.message }];
  }
  return null;
}
