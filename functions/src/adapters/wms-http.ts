/**
 * The reference connector for the WMS HTTP API (CONTRACT.md), and the anti-corruption layer:
 * payloads are parsed with zod, valid rows become domain changes, malformed rows are returned as
 * rejects with a reason instead of failing the page. Transient failures (timeouts, 429, 5xx) are
 * retried with exponential backoff and full jitter, honouring Retry-After, within a deadline.
 */
import { z } from 'zod';
import { LocationChange } from '../domain/sequence';
import { ChangesPage, HoldChange, InventoryConnector, RejectedRow, SaleLine, SalesSink, SnapshotPage } from '../stock/ports';
import { describe, fieldErrors } from '../zod-errors';
import { checkPage, rowSchema, WMS_SCHEMA_HEADER, WmsContractVersion, wmsRowV1, wmsRowV2 } from './wms-contract';
import { statesOf } from '../domain/locations';
import * as logs from '../logs';

export const wmsRowSchema = wmsRowV1;

/** One row of the WMS feed as the contract states it (the simulator in tools/ speaks the same type). */
export type WmsRow = z.infer<typeof wmsRowV1>;

const ackSchema = z.object({
  acks: z.array(z.object({ sku: z.string(), locationId: z.string(), ackSeq: z.number().int() })),
});

export function parseRows(rows: readonly unknown[], version: WmsContractVersion = 1): { changes: LocationChange[]; rejected: RejectedRow[] } {
  const schema = rowSchema(version) as unknown as typeof wmsRowV2;
  const changes: LocationChange[] = [];
  const rejected: RejectedRow[] = [];
  for (const row of rows) {
    const r = schema.safeParse(row);
    if (r.success) {
      changes.push({
        sku: r.data.sku,
        locationId: r.data.locationId,
        onHand: r.data.onHand,
        seq: r.data.seq,
        updatedAt: Date.parse(r.data.updatedAt),
        deleted: r.data.deleted ?? false,
        ...(r.data.reason ? { reason: r.data.reason } : {}),
        ...statesOf(r.data),
      });
    } else {
      rejected.push({ row, reason: describe(fieldErrors(r.error, '(row)')) });
    }
  }
  return { changes, rejected };
}

export class WmsHttpError extends Error {
  constructor(
    message: string,
    readonly status: number | 'timeout' | 'network',
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface WmsHttpOptions {
  baseUrl: string;
  apiKey: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** A read still unanswered after this long is sent once more, and the first answer wins (0: never). */
  hedgeAfterMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
  fetchImpl?: typeof fetch;
}

export class WmsHttpConnector implements InventoryConnector, SalesSink {
  readonly id = 'wms';
  private readonly o: Required<Omit<WmsHttpOptions, 'fetchImpl'>> & { fetchImpl: typeof fetch };

  constructor(opts: WmsHttpOptions) {
    if (!opts.apiKey) throw new Error('WMS_API_KEY is not set');
    this.o = {
      timeoutMs: 10_000,
      hedgeAfterMs: 1_000,
      maxAttempts: 4,
      baseBackoffMs: 200,
      maxBackoffMs: 5_000,
      random: Math.random,
      fetchImpl: fetch,
      ...opts,
      baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    };
  }

  async fetchChanges(cursor: string | null, limit: number, deadline: number, opts?: { attempts?: number }): Promise<ChangesPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor) q.set('cursor', cursor);
    const res = await this.request('GET', `/v1/stock/changes?${q}`, deadline, undefined, opts?.attempts);
    const { version, page } = checkPage(res.version, res.body, 'changes');
    const { changes, rejected } = parseRows(page.changes, version);
    return { changes, rejected, received: page.changes.length, nextCursor: page.nextCursor as string | null, hasMore: page.hasMore as boolean, schemaVersion: version };
  }

  async fetchSnapshot(pageToken: string | null, pageSize: number, deadline: number): Promise<SnapshotPage> {
    const q = new URLSearchParams({ pageSize: String(pageSize) });
    if (pageToken) q.set('pageToken', pageToken);
    const res = await this.request('GET', `/v1/stock?${q}`, deadline);
    const { version, page } = checkPage(res.version, res.body, 'items');
    const { changes, rejected } = parseRows(page.items, version);
    return { items: changes, rejected, nextPageToken: (page.nextPageToken as string | null | undefined) ?? null };
  }

  async reportSale(saleId: string, lines: SaleLine[]) {
    const body = ackSchema.parse((await this.request('POST', '/v1/stock/sales', Date.now() + 30_000, { saleId, lines })).body);
    return body.acks;
  }

  async reportHold(change: HoldChange): Promise<void> {
    await this.request('POST', '/v1/stock/holds', Date.now() + 30_000, change);
  }

  private async request(method: string, path: string, deadline: number, body?: unknown, maxAttempts = this.o.maxAttempts): Promise<{ body: unknown; version: string | null }> {
    const url = `${this.o.baseUrl}${path}`;
    for (let attempt = 1; ; attempt++) {
      let err: WmsHttpError;
      let retryAfterMs: number | null = null;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new WmsHttpError(`deadline exceeded before ${method} ${path}`, 'timeout', true);
      try {
        const res = await this.send(url, method === 'GET', {
          method,
          headers: {
            authorization: `Bearer ${this.o.apiKey}`,
            accept: 'application/json',
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(Math.min(this.o.timeoutMs, remaining)),
        });
        if (res.ok) return { body: await res.json(), version: res.headers.get(WMS_SCHEMA_HEADER) };
        const retryable = res.status === 429 || res.status >= 500;
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
        await res.body?.cancel();
        err = new WmsHttpError(`WMS ${method} ${path} answered ${res.status}`, res.status, retryable);
      } catch (e) {
        if (e instanceof WmsHttpError) throw e;
        const timeout = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
        err = new WmsHttpError(`WMS ${method} ${path} failed: ${e instanceof Error ? e.message : String(e)}`, timeout ? 'timeout' : 'network', true);
      }
      if (!err.retryable || attempt >= maxAttempts) throw err;
      const backoff = Math.min(this.o.maxBackoffMs, this.o.baseBackoffMs * 2 ** (attempt - 1));
      const wait = Math.max(retryAfterMs ?? 0, Math.floor(this.o.random() * backoff));
      if (Date.now() + wait >= deadline) throw err;
      logs.wmsRetry(path, attempt, err.status, wait);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /**
   * One request; a read (GET: idempotent) still unanswered after `hedgeAfterMs` is sent a second
   * time, the first answer wins and the other is cancelled. A WMS that answers a few requests
   * seconds late then costs a second or so instead of the whole delay (docs/sync.md).
   */
  private send(url: string, read: boolean, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
    const after = this.o.hedgeAfterMs;
    if (!read || !after) return this.o.fetchImpl(url, init);
    const cancels = [new AbortController(), new AbortController()];
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      let started = 1;
      let failed = 0;
      const won = (i: number, res: Response) => {
        if (settled) return void res.body?.cancel().catch(() => undefined);
        settled = true;
        clearTimeout(timer);
        cancels[1 - i]!.abort();
        resolve(res);
      };
      const lost = (e: unknown) => {
        if (++failed < started || settled) return;
        settled = true;
        clearTimeout(timer);
        reject(e);
      };
      const go = (i: number) => void this.o.fetchImpl(url, { ...init, signal: AbortSignal.any([init.signal, cancels[i]!.signal]) }).then((r) => won(i, r), lost);
      go(0);
      const timer = setTimeout(() => {
        if (settled) return;
        started = 2;
        logs.wmsHedged(url.replace(this.o.baseUrl, ''), after);
        go(1);
      }, after);
    });
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(v: string | null, now = Date.now()): number | null {
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

