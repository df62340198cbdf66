/**
 * Sales channels, sellable units and allocation rules (docs/checkout.md "Channels and
 * allocation"). Pure: the configuration and the stock come in, a decision comes out.
 *
 * A location's units: `onHand` is what is physically there (the WMS's count, minus sales here it has
 * not reflected), `damaged` and `qualityControl` are part of it but never sell, `reserved` are held
 * by reservations allocated to it. A channel sells from a set of locations; an online channel also
 * keeps each location's safety stock back (a store sells its shelf to the last unit).
 */
import { LocationPosition } from './locations';

export const STRATEGIES = ['priority', 'fewest_shipments', 'nearest', 'most_stock'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface LocationConfig {
  kind: 'warehouse' | 'store';
  /** Lower first (the `priority` strategy, and every tie). */
  priority: number;
  lat?: number;
  lng?: number;
  /** Units of each SKU kept back from online channels here (a SKU's own value wins). */
  safetyStock: number;
  /** Days a reorder takes to arrive here, and the days of cover kept on top (the cover alert). */
  leadTimeDays: number;
  safetyDays: number;
}

export interface ChannelConfig {
  kind: 'online' | 'store';
  /** The locations it sells from; null: every location. */
  locations: string[] | null;
  strategy: Strategy;
}

export interface AllocationConfig {
  channels: Record<string, ChannelConfig>;
  locations: Record<string, LocationConfig>;
  /** The channel of a request that names none. */
  defaultChannel: string;
  /** Postcode -> coordinates, for `nearest` when a cart gives a postcode. */
  postcodes: Record<string, { lat: number; lng: number }>;
  /** Lead time and safety days where a location names none. */
  defaults: { leadTimeDays: number; safetyDays: number };
}

/** What holds when nothing is configured: one online channel over every location, most stock first. */
export const DEFAULT_ALLOCATION: AllocationConfig = Object.freeze({
  channels: { online: { kind: 'online', locations: null, strategy: 'most_stock' } },
  locations: {},
  defaultChannel: 'online',
  postcodes: {},
  defaults: { leadTimeDays: 7, safetyDays: 3 },
}) as AllocationConfig;

export const DEFAULT_LOCATION: LocationConfig = Object.freeze({ kind: 'warehouse', priority: 100, safetyStock: 0, leadTimeDays: 7, safetyDays: 3 }) as LocationConfig;

export function locationConfig(cfg: AllocationConfig, id: string): LocationConfig {
  return cfg.locations[id] ?? { ...DEFAULT_LOCATION, ...cfg.defaults };
}

/** Physical units that may sell at all: on hand minus damaged and in quality control. */
export function sellableOnHand(p: LocationPosition): number {
  return Math.max(0, p.onHand - (p.damaged ?? 0) - (p.qualityControl ?? 0));
}

/** The units a channel keeps back at a location: its safety stock, for online channels only. */
export function safetyFor(channel: ChannelConfig, loc: LocationConfig, p: LocationPosition): number {
  return channel.kind === 'online' ? (p.safetyStock ?? loc.safetyStock) : 0;
}

/**
 * Units a channel may still hold at a location: sellable, not held, above the channel's safety
 * stock. Negative when the holds allocated there exceed
 * what the location has (it lost stock after they were taken): the shortfall is re-allocated at
 * confirm, so it counts against the channel's other locations.
 */
export function freeAt(p: LocationPosition, safety: number): number {
  const free = sellableOnHand(p) - (p.reserved ?? 0);
  if (free < 0) return free;
  // Holds take the units above the safety stock first; a store channel's may reach into it, which
  // leaves an online channel nothing here but is no shortfall.
  return Math.max(0, free - safety);
}

export function inChannel(channel: ChannelConfig, locationId: string): boolean {
  return channel.locations === null || channel.locations.includes(locationId);
}

/** Held units that name no location (holds taken before allocation existed). */
export function unallocated(reserved: number, locations: Record<string, LocationPosition>): number {
  let allocated = 0;
  for (const p of Object.values(locations)) allocated += p.reserved ?? 0;
  return Math.max(0, reserved - allocated);
}

/** What a channel can sell of one SKU: its locations' free units, less unallocated holds. */
export function channelAvailable(cfg: AllocationConfig, channel: ChannelConfig, locations: Record<string, LocationPosition>, reserved: number): number {
  let sum = 0;
  for (const [id, p] of Object.entries(locations)) if (inChannel(channel, id)) sum += freeAt(p, safetyFor(channel, locationConfig(cfg, id), p));
  return Math.max(0, sum - unallocated(reserved, locations));
}

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** One location a cart line may take units from, as the allocator sees it. */
export interface Candidate {
  locationId: string;
  /** Units it may give (never below 0). */
  free: number;
  priority: number;
  /** From the shipping address; undefined when either end has no coordinates. */
  distanceKm?: number;
}

export interface AllocLine {
  sku: string;
  quantity: number;
  candidates: Candidate[];
}

export interface Allocation {
  locationId: string;
  quantity: number;
}

export type CartAllocation =
  | { ok: true; allocations: Record<string, Allocation[]>; locations: string[]; split: boolean }
  | { ok: false; sku: string; requested: number; free: number };

function byId(a: Candidate, b: Candidate): number {
  return a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0;
}

/** The order a strategy takes a line's locations in (a total order: ties go to priority, then id). */
export function rank(strategy: Strategy, cs: readonly Candidate[]): Candidate[] {
  const tie = (a: Candidate, b: Candidate) => a.priority - b.priority || byId(a, b);
  const far = (c: Candidate) => c.distanceKm ?? Number.POSITIVE_INFINITY;
  const sorted = [...cs];
  switch (strategy) {
    case 'most_stock':
      return sorted.sort((a, b) => b.free - a.free || tie(a, b));
    case 'nearest':
      return sorted.sort((a, b) => far(a) - far(b) || tie(a, b));
    default:
      return sorted.sort(tie);
  }
}

function greedy(line: AllocLine, order: readonly Candidate[], used: Map<string, number>): Allocation[] {
  let left = line.quantity;
  const out: Allocation[] = [];
  for (const c of order) {
    if (left === 0) break;
    const take = Math.min(left, c.free - (used.get(`${line.sku}|${c.locationId}`) ?? 0));
    if (take <= 0) continue;
    out.push({ locationId: c.locationId, quantity: take });
    left -= take;
  }
  return out;
}

/**
 * Decides where every line's units come from. `fewest_shipments` serves the whole cart from one
 * location when one can (the best ranked by priority), else takes, one location at a time, the one
 * that covers the most units still open. The other strategies take each line's locations in their
 * order. Never gives a line more than a candidate's `free`; all or nothing.
 */
export function allocateCart(strategy: Strategy, lines: readonly AllocLine[]): CartAllocation {
  for (const l of lines) {
    const free = l.candidates.reduce((s, c) => s + Math.max(0, c.free), 0);
    if (free < l.quantity) return { ok: false, sku: l.sku, requested: l.quantity, free };
  }
  const allocations: Record<string, Allocation[]> = {};
  if (strategy === 'fewest_shipments') {
    const open = new Map(lines.map((l) => [l.sku, l.quantity]));
    const free = new Map<string, Map<string, number>>();
    for (const l of lines) free.set(l.sku, new Map(l.candidates.map((c) => [c.locationId, Math.max(0, c.free)])));
    const meta = new Map<string, Candidate>();
    for (const l of lines) for (const c of l.candidates) if (!meta.has(c.locationId)) meta.set(c.locationId, c);
    const ids = rank('priority', [...meta.values()]).map((c) => c.locationId);
    while ([...open.values()].some((q) => q > 0)) {
      let best: string | null = null;
      let bestUnits = 0;
      let bestWhole = false;
      for (const id of ids) {
        let units = 0;
        let whole = true;
        for (const [sku, q] of open) {
          if (q === 0) continue;
          const f = free.get(sku)!.get(id) ?? 0;
          units += Math.min(q, f);
          if (f < q) whole = false;
        }
        // A location that closes every open line beats one that covers more units but not all.
        if ((whole && !bestWhole && units > 0) || (whole === bestWhole && units > bestUnits)) {
          best = id;
          bestUnits = units;
          bestWhole = whole;
        }
      }
      if (!best) throw new Error('allocation: free units were counted but none could be taken');
      for (const [sku, q] of open) {
        const f = free.get(sku)!.get(best) ?? 0;
        const take = Math.min(q, f);
        if (take <= 0) continue;
        (allocations[sku] ??= []).push({ locationId: best, quantity: take });
        open.set(sku, q - take);
        free.get(sku)!.set(best, f - take);
      }
    }
  } else {
    const used = new Map<string, number>();
    for (const l of lines) {
      const a = greedy(l, rank(strategy, l.candidates), used);
      for (const x of a) used.set(`${l.sku}|${x.locationId}`, (used.get(`${l.sku}|${x.locationId}`) ?? 0) + x.quantity);
      allocations[l.sku] = [...(allocations[l.sku] ?? []), ...a];
    }
  }
  const locations = [...new Set(Object.values(allocations).flatMap((a) => a.map((x) => x.locationId)))].sort();
  return { ok: true, allocations, locations, split: locations.length > 1 };
}

/** How a request chooses: its channel, a pickup store, a shipping address. */
export interface AllocationRequest {
  channel?: string;
  /** Click & collect: hold only at this store. */
  pickupLocationId?: string;
  shipTo?: { lat: number; lng: number } | { postcode: string };
}

export type ResolvedChannel =
  | { ok: true; channelId: string; channel: ChannelConfig; pickup: string | null; from: { lat: number; lng: number } | null }
  | { ok: false; field: string; message: string };

/** The channel a request names (or the default) and, for a pickup, that it is one of its stores. */
export function resolveChannel(cfg: AllocationConfig, req: AllocationRequest): ResolvedChannel {
  const channelId = req.channel ?? cfg.defaultChannel;
  const channel = cfg.channels[channelId];
  if (!channel) return { ok: false, field: 'channel', message: `unknown channel ${channelId} (known: ${Object.keys(cfg.channels).sort().join(', ')})` };
  let pickup: string | null = null;
  if (req.pickupLocationId !== undefined) {
    const loc = cfg.locations[req.pickupLocationId];
    if (!loc || loc.kind !== 'store') return { ok: false, field: 'pickupLocationId', message: `${req.pickupLocationId} is not a store` };
    if (!inChannel(channel, req.pickupLocationId)) return { ok: false, field: 'pickupLocationId', message: `channel ${channelId} does not sell from ${req.pickupLocationId}` };
    pickup = req.pickupLocationId;
  }
  let from: { lat: number; lng: number } | null = null;
  if (req.shipTo && 'postcode' in req.shipTo) {
    const p = cfg.postcodes[req.shipTo.postcode];
    if (!p) return { ok: false, field: 'shipTo.postcode', message: `postcode ${req.shipTo.postcode} is not known (add it to the allocation config's postcodes, or send lat/lng)` };
    from = p;
  } else if (req.shipTo) from = { lat: req.shipTo.lat, lng: req.shipTo.lng };
  return { ok: true, channelId, channel, pickup, from };
}

/** A line's candidates for a resolved channel: its locations with free units, distance when known. */
export function candidatesFor(cfg: AllocationConfig, rc: Extract<ResolvedChannel, { ok: true }>, locations: Record<string, LocationPosition>): Candidate[] {
  const out: Candidate[] = [];
  for (const [id, p] of Object.entries(locations)) {
    if (!inChannel(rc.channel, id) || (rc.pickup !== null && id !== rc.pickup)) continue;
    const loc = locationConfig(cfg, id);
    const free = freeAt(p, safetyFor(rc.channel, loc, p));
    if (free <= 0) continue;
    const here = loc.lat !== undefined && loc.lng !== undefined ? { lat: loc.lat, lng: loc.lng } : null;
    out.push({ locationId: id, free, priority: loc.priority, ...(rc.from && here ? { distanceKm: distanceKm(rc.from, here) } : {}) });
  }
  return out;
}

/** What a line may hold in a resolved channel (at its pickup store only, for click & collect), never above the SKU's total. */
export function availableFor(cfg: AllocationConfig, rc: Extract<ResolvedChannel, { ok: true }>, locations: Record<string, LocationPosition>, reserved: number, total: number): number {
  let v = channelAvailable(cfg, rc.channel, locations, reserved);
  if (rc.pickup !== null) {
    const p = locations[rc.pickup];
    v = Math.min(v, p ? Math.max(0, freeAt(p, safetyFor(rc.channel, locationConfig(cfg, rc.pickup), p))) : 0);
  }
  return Math.min(v, total);
}

/**
 * Where a confirm may make up units a location lost since the hold: the channel's other locations
 * (the pickup store only, for click & collect), in its strategy's order. Safety stock does not
 * apply here: it is kept for exactly this, a promise already made.
 */
export function reallocationOrder(cfg: AllocationConfig, rc: Extract<ResolvedChannel, { ok: true }>, locations: Record<string, LocationPosition>): string[] {
  const cs: Candidate[] = [];
  for (const [id, p] of Object.entries(locations)) {
    if (!inChannel(rc.channel, id) || (rc.pickup !== null && id !== rc.pickup)) continue;
    const loc = locationConfig(cfg, id);
    const here = loc.lat !== undefined && loc.lng !== undefined ? { lat: loc.lat, lng: loc.lng } : null;
    cs.push({ locationId: id, free: Math.max(0, sellableOnHand(p) - (p.reserved ?? 0)), priority: loc.priority, ...(rc.from && here ? { distanceKm: distanceKm(rc.from, here) } : {}) });
  }
  return rank(rc.channel.strategy, cs).map((c) => c.locationId);
}
