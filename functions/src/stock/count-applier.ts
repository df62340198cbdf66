/**
 * Applies stock counts to `inventory/{sku}`: the one code path for every way a count arrives
 * (the poller, push ingestion, full resync). Per call it writes at most one document per SKU,
 * with that SKU's events in the same batch, guarded by update-time preconditions instead of
 * transactions so hundreds of SKUs commit at once without holding locks.
 *
 * A read-through cache of documents (with their update times) survives across cycles of one
 * poller invocation; a stale entry only costs a failed precondition and a re-read.
 */
import { inSpan } from '../adapters/tracing';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { applyCounts, CountsResult, levelsOf, StockState } from '../domain/inventory';
import { openAlert } from '../adapters/alerts';
import { Code, codeOf, isConflict } from '../adapters/firestore-errors';
import { LocationChange, writeOrder } from '../domain/sequence';
import { OwnershipSource } from './ports';
import { vendorOfOfferId } from '../domain/offer';
import { EventSource } from '../domain/events';
import { readStocks, StoredStock, writeInBatch } from './stock-store';
import { OutboxGroup } from './outbox';
import { WireBatch, WireClient } from '../adapters/firestore-wire';
import { C } from '../adapters/collections';
import { expireAt } from '../adapters/retention';
import { instruments } from '../adapters/metrics';
import { loadAllocation } from '../adapters/allocation-config';

export interface ApplyStats {
  skus: number;
  skusWritten: number;
  applied: number;
  duplicate: number;
  stale: number;
  /** Firestore document writes: stock documents plus event log entries. */
  writes: number;
  events: number;
  conflicts: number;
  /** Per written SKU: commit time - oldest source time of its applied changes. */
  lagMs: number[];
  /** SKUs whose changes were all stale or duplicate. */
  unchanged: number;
  /** Changes skipped because the legacy system still owns their SKU (rollout, rollback, flag off). */
  notOwned: number;
}

/** How a SKU's changes become its next state; applyCounts unless a resync says otherwise. */
export type ComputeFn = (prev: StockState, changes: LocationChange[], now: number, source: EventSource) => CountsResult;

export interface ApplierOptions {
  defaultThreshold: number;
  chunkSize?: number;
  concurrency?: number;
  maxAttempts?: number;
  cacheLimit?: number;
  /** The staged migration's share: SKUs outside it are never written (none given: every SKU). */
  ownership?: OwnershipSource;
  /** Test seam: runs before each batch commit (fault injection). */
  beforeCommit?: (batch: WireBatch, skus: string[]) => Promise<void>;
  now?: () => number;
}

export interface ApplyOptions {
  /** Per SKU, the oldest source time of its changes: the write order and the lag metric. */
  oldestUpdatedAt?: Map<string, number>;
  /** How a SKU's changes become its next state (default `applyCounts`). */
  compute?: ComputeFn;
  /** Runs just before a chunk is written; may add later changes of its SKUs (the poller's look-ahead). */
  beforeChunk?: (skus: string[]) => void;
  /** The push batch the changes came in: on every event, and on the trail. */
  batchId?: string;
  /** Record changes that did not apply (duplicate, stale) in `syncTrail` (default true). */
  trail?: boolean;
  /**
   * Judge the changes against the stored documents, not the read cache: every writer but the
   * poller. A change refused as stale or duplicate is never written, so a cache entry that is out
   * of date (a SKU removed and re-created, drift) would never be corrected.
   */
  fresh?: boolean;
}

export interface TrailEntry {
  sku: string;
  locationId: string;
  seq: number;
  onHand: number;
  deleted: boolean;
  outcome: 'applied' | 'duplicate' | 'stale';
}

/** At most this many entries per trail document (about 40 bytes each, far under a document's 1 MiB). */
const TRAIL_MAX = 20_000;

/**
 * Every change of one chunk and what became of it, in one compact document (not one per change,
 * and not on the events: measured, per-change fields on every event halved the write path's
 * rate). The entries are one string, a line per change, tab-separated (ids hold no whitespace),
 * so the emulator and Firestore store one value, not thousands. `skus` lets the trail of one SKU
 * be found with an array-contains query.
 */
function writeTrail(batch: WireBatch, db: Firestore, entries: TrailEntry[], source: EventSource, batchId: string | undefined, now: Timestamp): void {
  batch.create(db.collection(C.syncTrail).doc(), {
    at: now,
    source,
    ...(batchId ? { batchId } : {}),
    skus: [...new Set(entries.map((e) => e.sku))],
    entries: entries
      .slice(0, TRAIL_MAX)
      .map((e) => [e.sku, e.locationId, e.seq, e.deleted ? 'deleted' : e.onHand, e.outcome].join('\t'))
      .join('\n'),
    ...(entries.length > TRAIL_MAX ? { truncated: entries.length - TRAIL_MAX } : {}),
    expireAt: expireAt('syncTrail', now.toMillis()),
  });
}

export class CountApplier {
  private readonly cache = new Map<string, StoredStock>();
  private readonly wire: WireClient;
  private readonly o: Required<Omit<ApplierOptions, 'beforeCommit' | 'ownership'>> & Pick<ApplierOptions, 'beforeCommit' | 'ownership'>;

  constructor(private readonly db: Firestore, opts: ApplierOptions) {
    this.o = { chunkSize: 200, concurrency: 4, maxAttempts: 8, cacheLimit: 250_000, now: Date.now, ...opts };
    this.wire = WireClient.for(db);
  }

  invalidate(skus?: Iterable<string>): void {
    if (!skus) return this.cache.clear();
    for (const s of skus) this.cache.delete(s);
  }

  /**
   * `beforeChunk` may add later changes of the chunk's SKUs to `bySku` just before they are
   * written (the poller's look-ahead). SKUs go oldest change first (`writeOrder`): the change that
   * waited longest for the read does not also wait for the rest of the cycle's writes.
   */
  async apply(bySku: Map<string, LocationChange[]>, source: EventSource, opts: ApplyOptions = {}): Promise<ApplyStats> {
    await loadAllocation(this.db);
    const { oldestUpdatedAt, compute = applyCounts, beforeChunk } = opts;
    const stats: ApplyStats = { skus: bySku.size, skusWritten: 0, applied: 0, duplicate: 0, stale: 0, writes: 0, events: 0, conflicts: 0, lagMs: [], unchanged: 0, notOwned: 0 };
    let skus = writeOrder(bySku.keys(), oldestUpdatedAt);
    if (this.o.ownership) {
      const owns = await this.o.ownership.current();
      // Marketplace offers were never the legacy system's: the staged migration does not gate them.
      skus = skus.filter((sku) => {
        if (vendorOfOfferId(sku) !== null || owns(sku)) return true;
        stats.notOwned += bySku.get(sku)!.length;
        return false;
      });
    }
    if (opts.fresh) this.invalidate(skus);
    const chunks: string[][] = [];
    for (let i = 0; i < skus.length; i += this.o.chunkSize) chunks.push(skus.slice(i, i + this.o.chunkSize));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        beforeChunk?.(chunk);
        // One span per chunk written (the commit's trace travels on with its events).
        await inSpan('stock.commit', { attributes: { 'stock.skus': chunk.length, 'stock.source': source } }, () => this.applyChunk(chunk, bySku, source, stats, compute, oldestUpdatedAt, opts));
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, chunks.length) }, worker));
    if (this.cache.size > this.o.cacheLimit) this.cache.clear();
    return stats;
  }

  private async read(skus: string[]): Promise<void> {
    const missing = skus.filter((s) => !this.cache.has(s));
    if (!missing.length) return;
    for (const s of await readStocks((...refs) => this.db.getAll(...refs), this.db, missing, this.o.defaultThreshold)) {
      this.cache.set(s.sku, { state: s.state, version: s.version, updateTime: s.updateTime, complete: s.complete });
    }
  }

  private async applyChunk(
    skus: string[],
    bySku: Map<string, LocationChange[]>,
    source: EventSource,
    stats: ApplyStats,
    compute: ComputeFn,
    oldest: Map<string, number> | undefined,
    opts: ApplyOptions,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.read(skus);
      const now = Timestamp.fromMillis(this.o.now());
      const batch = new WireBatch(this.wire);
      // The chunk's events go to the outbox as one document (stock/outbox.ts).
      const outbox = new OutboxGroup();
      const written: { sku: string; stored: StoredStock; writeIndex: number }[] = [];
      let writes = 0;
      let applied = 0, duplicate = 0, stale = 0, unchanged = 0, events = 0;
      const trail: TrailEntry[] = [];
      for (const sku of skus) {
        const before = this.cache.get(sku)!;
        const changes = bySku.get(sku)!;
        const r = compute(before.state, changes, now.toMillis(), source);
        applied += r.applied;
        duplicate += r.duplicate;
        stale += r.stale;
        if (opts.trail !== false) {
          r.outcomes.forEach((o, i) => {
            const c = changes[i]!;
            trail.push({ sku, locationId: c.locationId, seq: c.seq, onHand: c.onHand, deleted: c.deleted, outcome: o });
          });
        }
        if (opts.batchId) for (const e of r.events) e.data.batchId = opts.batchId;
        // Nothing applied and nothing refreshed (a resync can confirm positions without a count).
        if (r.applied === 0 && r.state === before.state) {
          unchanged++;
          continue;
        }
        const writeIndex = writes;
        const w = writeInBatch(batch, this.db, before, r.state, r.events, now, outbox);
        writes += w.writes;
        const shortfall = levelsOf(r.state).shortfall;
        if (shortfall > levelsOf(before.state).shortfall) {
          // The WMS now counts fewer units than shoppers hold: holds stay, an operator must act.
          const l = levelsOf(r.state);
          openAlert(batch, this.db, `shortfall-${sku}`, { kind: 'shortfall', sku, shortfall, onHand: l.onHand, reserved: l.reserved, source }, now);
          writes++;
        }
        events += r.events.length;
        written.push({ sku, stored: { state: r.state, version: w.version, updateTime: null }, writeIndex });
      }
      writes += outbox.write(batch, this.db, now);
      if (trail.length) {
        writeTrail(batch, this.db, trail, source, opts.batchId, now);
        writes++;
      }
      if (written.length === 0 && !trail.length) {
        Object.assign(stats, { applied: stats.applied + applied, duplicate: stats.duplicate + duplicate, stale: stats.stale + stale, unchanged: stats.unchanged + unchanged });
        return;
      }
      try {
        await this.o.beforeCommit?.(batch, written.map((w) => w.sku));
        const results = await batch.commit();
        const committedAt = Date.now();
        for (const w of written) {
          w.stored.updateTime = results[w.writeIndex] ?? null;
          this.cache.set(w.sku, w.stored);
          const o = oldest?.get(w.sku);
          if (o !== undefined) {
            const lag = Math.max(0, committedAt - o);
            stats.lagMs.push(lag);
            instruments().syncLatency.record(lag / 1000, { source: source.split(':')[0]! });
          }
        }
        stats.skusWritten += written.length;
        stats.writes += writes;
        stats.events += events;
        stats.applied += applied;
        stats.duplicate += duplicate;
        stats.stale += stale;
        stats.unchanged += unchanged;
        return;
      } catch (err) {
        // Whatever happened, our cached view of these documents may be wrong now.
        this.invalidate(skus);
        if (!(isConflict(err) || codeOf(err) === Code.UNAVAILABLE) || attempt >= this.o.maxAttempts) throw err;
        stats.conflicts++;
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
      }
    }
  }
}
