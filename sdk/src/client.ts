/**
 * A vendor's client for the push API: signs every request (v2), splits large inputs into batches of
 * at most 5,000 rows with stable batch ids, retries 429 and 5xx with backoff (and `Retry-After`),
 * and follows each job to its end. A retry sends the same batch id, so the server answers with the
 * same job: nothing is applied twice. No Firebase dependency; Node 20+ and browsers (fetch, WebCrypto).
 */
import { BATCH_HEADER, SIGNATURE_HEADER, SOURCE_HEADER, sha256Hex, signRequest } from './signing.js';
import type { Accepted, DryRun, Job, VendorUpdate } from './types.js';

export const MAX_BATCH_ROWS = 5000;
const END_STATES = new Set(['done', 'failed', 'held_for_review', 'discarded']);

export interface VendorClientOptions {
  /** The API's base URL: `https://<host>/api` behind Hosting, or the function's URL. */
  baseUrl: string;
  vendorId: string;
  /** The vendor's signing key (created in the vendor panel or with POST /v1/vendor/keys). */
  key: string;
  fetch?: typeof fetch;
  /** Attempts per request for 429, 5xx and network errors (default 8). */
  maxAttempts?: number;
  /** The first backoff (ms, default 250); it doubles up to 10 s, with jitter; `Retry-After` wins. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PushOptions {
  /** Answer what the batches would do; apply nothing. */
  dryRun?: boolean;
  /** `replace`: the updates are the vendor's whole stock (its offers missing from them go to 0). Sent in one batch. */
  mode?: 'update' | 'replace';
  /** Batch ids are `<prefix>-<n>`; default: a hash of the updates, so the same input is the same batches. */
  batchPrefix?: string;
  /** Follow each job to its end state (default true; a dry run has no job). */
  wait?: boolean;
  /** Give up waiting for a job after this long (default 120 s). */
  waitMs?: number;
}

export interface PushResult {
  batches: { batchId: string; rows: number; accepted: Accepted; job?: Job }[];
  accepted: number;
  rejected: number;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`the API answered ${status}: ${typeof body === 'object' && body && 'error' in body ? String((body as { error: unknown }).error) : JSON.stringify(body)}`);
  }
}

export class VendorClient {
  private readonly o: Required<Omit<VendorClientOptions, 'fetch'>> & { fetch: typeof fetch };
  /** The second each push was last signed at: the server accepts a signature once, so the same request again needs a new second. */
  private readonly signedAt = new Map<string, number>();

  constructor(o: VendorClientOptions) {
    this.o = { maxAttempts: 8, backoffMs: 250, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), fetch: globalThis.fetch.bind(globalThis), ...o, baseUrl: o.baseUrl.replace(/\/+$/, '') };
  }

  /** One signed request, retried on 429, 5xx and network errors; answers the parsed JSON of a 2xx. */
  async request<T>(method: 'GET' | 'POST', path: string, o: { query?: Record<string, string>; body?: unknown; batchId?: string } = {}): Promise<T> {
    const query = new URLSearchParams(o.query ?? {}).toString();
    const body = o.body === undefined ? new Uint8Array() : new TextEncoder().encode(JSON.stringify(o.body));
    const headers: Record<string, string> = { [SOURCE_HEADER]: this.o.vendorId, ...(o.batchId ? { [BATCH_HEADER]: o.batchId } : {}) };
    const same = method === 'POST' ? `${path}?${query}#${o.batchId ?? ''}#${new TextDecoder().decode(body)}` : null;
    for (let attempt = 1; ; attempt++) {
      // A retry (or a replay) of the same push must not reuse a signature the server has seen.
      let t = Math.floor(Date.now() / 1000);
      const last = same === null ? undefined : this.signedAt.get(same);
      if (last !== undefined && t <= last) {
        await this.o.sleep((last + 1) * 1000 - Date.now());
        t = last + 1;
      }
      if (same !== null) this.signedAt.set(same, t);
      // The signature covers the API path from /v1 on, whatever the base URL puts in front of it.
      const signature = await signRequest(this.o.key, { method, path, query, headers, body }, t);
      let res: Response | null = null;
      try {
        res = await this.o.fetch(`${this.o.baseUrl}${path}${query ? `?${query}` : ''}`, {
          method,
          headers: { ...headers, [SIGNATURE_HEADER]: signature, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          ...(method === 'POST' ? { body } : {}),
        });
      } catch (err) {
        if (attempt >= this.o.maxAttempts) throw err;
      }
      if (res && res.ok) return (await res.json()) as T;
      const retryable = !res || res.status === 429 || res.status >= 500;
      if (res && (!retryable || attempt >= this.o.maxAttempts)) throw new ApiError(res.status, await res.json().catch(() => null));
      const after = Number(res?.headers.get('retry-after'));
      const backoff = Math.min(10_000, this.o.backoffMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await this.o.sleep(Number.isFinite(after) && after > 0 ? after * 1000 : backoff);
    }
  }

  /** Pushes updates in batches of at most 5,000 rows; with `wait` (default), each job is followed to its end. */
  async push(updates: readonly VendorUpdate[], o: PushOptions = {}): Promise<PushResult> {
    const rows = updates.map(({ ...u }) => {
      delete (u as { line?: number }).line;
      return u;
    });
    if (o.mode === 'replace' && rows.length > MAX_BATCH_ROWS) throw new Error(`replace mode sends the whole stock in one batch, at most ${MAX_BATCH_ROWS} rows: drop a file for more (POST /v1/vendor/drops)`);
    const size = MAX_BATCH_ROWS;
    const prefix = o.batchPrefix ?? `sdk-${(await sha256Hex(JSON.stringify([o.mode ?? 'update', rows]))).slice(0, 24)}`;
    const query = { ...(o.dryRun ? { dryRun: 'true' } : {}), ...(o.mode ? { mode: o.mode } : {}) };
    const result: PushResult = { batches: [], accepted: 0, rejected: 0 };
    const count = Math.ceil(rows.length / size);
    for (let i = 0; i < count; i++) {
      const batchId = `${prefix}-${i + 1}`;
      const chunk = rows.slice(i * size, (i + 1) * size);
      const accepted = await this.request<Accepted>('POST', '/v1/inventory/sync', { query, body: { source: this.o.vendorId, batchId, updates: chunk } });
      result.accepted += accepted.accepted;
      result.rejected += accepted.rejected.length;
      const job = !o.dryRun && o.wait !== false ? await this.waitForJob(accepted.jobId, o.waitMs) : undefined;
      result.batches.push({ batchId, rows: chunk.length, accepted, ...(job ? { job } : {}) });
    }
    return result;
  }

  /** What the updates would do (offers created, changed, zeroed, deleted; units; the guard's verdict), applying nothing. */
  async dryRun(updates: readonly VendorUpdate[], o: Omit<PushOptions, 'dryRun' | 'wait'> = {}): Promise<DryRun[]> {
    const r = await this.push(updates, { ...o, dryRun: true, wait: false });
    return r.batches.map((b) => b.accepted as unknown as DryRun);
  }

  async job(jobId: string): Promise<Job> {
    return this.request<Job>('GET', `/v1/jobs/${jobId}`);
  }

  /** Polls a job until it is done, failed, held for review or discarded. */
  async waitForJob(jobId: string, timeoutMs = 120_000): Promise<Job> {
    const end = Date.now() + timeoutMs;
    for (let wait = 200; ; wait = Math.min(2000, wait * 1.5)) {
      const job = await this.job(jobId);
      if (END_STATES.has(job.state)) return job;
      if (Date.now() > end) throw new Error(`job ${jobId} still ${job.state} after ${timeoutMs} ms`);
      await this.o.sleep(wait);
    }
  }
}
