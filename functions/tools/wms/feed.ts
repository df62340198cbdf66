/**
 * The simulated WMS's data: positions per (sku, location), the change feed (its log), a background
 * generator at a configurable rate, sales (idempotent on the sale id) and holds. Rows are the
 * adapter's own `WmsRow`, so the simulator can never drift from what the connector parses.
 */
import { WmsRow } from '../../src/adapters/wms-http';
import { buildCatalog, locationId, skuId } from '../catalog';

export type Change = WmsRow;

export interface Position {
  onHand: number;
  seq: number;
  deleted: boolean;
}

export const key = (sku: string, loc: string) => `${sku}|${loc}`;

export class WmsFeed {
  readonly positions = new Map<string, Position>();
  readonly log: Change[] = [];
  /** SKUs the background generator leaves alone (a measurement owns them). */
  readonly held = new Set<string>();
  /** reservationId -> sku -> units held here (an optional extension of the contract). */
  readonly holds = new Map<string, Map<string, number>>();
  private readonly holdEvents = new Set<string>();
  /** saleId -> acknowledgements: reporting a sale twice applies it once. */
  readonly sales = new Map<string, { sku: string; locationId: string; ackSeq: number }[]>();
  rate: number;
  private carry = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    readonly skuCount: number,
    readonly locationCount: number,
    rate: number,
    private readonly rnd: () => number,
    seed?: number,
  ) {
    this.rate = rate;
    const now = new Date().toISOString();
    for (const row of buildCatalog({ skus: skuCount, locations: locationCount, seed })) {
      for (const [loc, onHand] of Object.entries(row.stock)) {
        this.positions.set(key(row.sku, loc), { onHand, seq: 1, deleted: false });
        this.log.push({ sku: row.sku, locationId: loc, onHand, seq: 1, updatedAt: now });
      }
    }
  }

  /** Applies a change to a position and appends it to the feed. */
  set(sku: string, loc: string, onHand: number, deleted = false, at = Date.now(), updatedAt = new Date(at).toISOString()): Change {
    const k = key(sku, loc);
    const pos = this.positions.get(k) ?? { onHand: 0, seq: 0, deleted: false };
    pos.seq += 1;
    pos.onHand = deleted ? 0 : onHand;
    pos.deleted = deleted;
    this.positions.set(k, pos);
    const change: Change = { sku, locationId: loc, onHand: pos.onHand, seq: pos.seq, updatedAt };
    if (deleted) change.deleted = true;
    this.log.push(change);
    return change;
  }

  /** Generates `n` random count changes now. */
  generate(n: number, at = Date.now()): void {
    const stamp = new Date(at).toISOString();
    for (let i = 0; i < n; i++) {
      const sku = skuId(Math.floor(this.rnd() * this.skuCount));
      if (this.held.has(sku)) continue;
      const loc = locationId(Math.floor(this.rnd() * this.locationCount));
      const cur = this.positions.get(key(sku, loc))?.onHand ?? 0;
      const next = Math.max(0, cur + Math.floor(this.rnd() * 11) - 5);
      this.set(sku, loc, next, false, at, stamp);
    }
  }

  /** Starts the background changes; `paused()` stops them (an outage) without losing the pace. */
  startGenerator(paused: () => boolean): void {
    // Paced by the clock, not by the timer: a late tick (a busy event loop) generates what the
    // elapsed time calls for, so the configured rate is the rate produced.
    let last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      const elapsed = now - last;
      last = now;
      if (this.rate <= 0 || paused()) return;
      this.carry += (this.rate * elapsed) / 1000;
      const n = Math.floor(this.carry);
      this.carry -= n;
      if (n > 0) this.generate(n, now);
    }, 20);
    this.timer.unref();
  }

  stopGenerator(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A page of the feed from `offset`. */
  changes(offset: number, limit: number): { page: Change[]; end: number; hasMore: boolean } {
    const end = Math.min(this.log.length, offset + limit);
    return { page: this.log.slice(offset, end), end, hasMore: end < this.log.length };
  }

  /** A page of the full snapshot (live positions, sorted by key). */
  snapshot(start: number, size: number): { items: Change[]; next: number | null } {
    const keys = [...this.positions.keys()].sort();
    const items = keys.slice(start, start + size).flatMap((k) => {
      const p = this.positions.get(k)!;
      if (p.deleted) return [];
      const [sku, loc] = k.split('|') as [string, string];
      return [{ sku, locationId: loc, onHand: p.onHand, seq: p.seq, updatedAt: new Date().toISOString() }];
    });
    return { items, next: start + size < keys.length ? start + size : null };
  }

  /** A sale from checkout: applied once per sale id; answers the seq at which each line applied. */
  sale(saleId: string, lines: { sku: string; locationId: string; quantity: number }[]): { acks: { sku: string; locationId: string; ackSeq: number }[]; duplicate: boolean } {
    const known = this.sales.get(saleId);
    if (known) return { acks: known, duplicate: true };
    const acks = lines.map((l) => {
      const cur = this.positions.get(key(l.sku, l.locationId))?.onHand ?? 0;
      const c = this.set(l.sku, l.locationId, Math.max(0, cur - l.quantity));
      return { sku: l.sku, locationId: l.locationId, ackSeq: c.seq };
    });
    this.sales.set(saleId, acks);
    return { acks, duplicate: false };
  }

  /** A hold taken or given back, deduplicated by event id. */
  hold(h: { eventId: string; reservationId: string; sku: string; quantity: number; action?: string }): { duplicate: boolean } {
    if (this.holdEvents.has(h.eventId)) return { duplicate: true };
    this.holdEvents.add(h.eventId);
    const bySku = this.holds.get(h.reservationId) ?? new Map<string, number>();
    bySku.set(h.sku, Math.max(0, (bySku.get(h.sku) ?? 0) + (h.action === 'held' ? h.quantity : -h.quantity)));
    this.holds.set(h.reservationId, bySku);
    return { duplicate: false };
  }
}
