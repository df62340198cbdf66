/**
 * A checkout command's working set in memory: the commands are pure decisions over it (no
 * emulator). The runner that reads and writes around them is tested against the emulator.
 */
import { AllocationConfig, DEFAULT_ALLOCATION } from '../../../../src/domain/allocation';
import assert from 'node:assert/strict';
import { Timestamp } from 'firebase-admin/firestore';
import { StockState, levelsOf } from '../../../../src/domain/inventory';
import { StockEvent } from '../../../../src/domain/events';
import { CommandContext, Decided, WorkingStock } from '../../../../src/checkout/commands/context';
import { reserve } from '../../../../src/checkout/commands/reserve';
import { ReservationDoc } from '../../../../src/checkout/reservation-store';
import { FulfillmentDoc } from '../../../../src/stock/fulfillment-store';
import { ShopperHolds } from '../../../../src/checkout/shopper-store';

export const NOW = 1_800_000_000_000;

export function state(sku: string, onHand: number, reserved = 0): StockState {
  return { sku, locations: { 'wh-01': { onHand, wmsOnHand: onHand, seq: 1, syncedAt: NOW } }, removed: {}, pendingSales: {}, reserved, lowStockThreshold: 2, syncedAt: NOW };
}

export function world(stock: Record<string, StockState>, reservations: Record<string, ReservationDoc> = {}, via: 'queue' | 'direct' = 'direct', now = NOW, allocation: { cfg: AllocationConfig; configured: boolean } = { cfg: DEFAULT_ALLOCATION, configured: false }) {
  const working = new Map<string, WorkingStock>(Object.entries(stock).map(([sku, s]) => [sku, { state: s, read: s, version: 1, exists: true, events: [], changed: false }]));
  const res = new Map(Object.entries(reservations));
  const saved = new Set<string>();
  const fulfilled = new Map<string, FulfillmentDoc>();
  const shoppers = new Map<string, ShopperHolds>();
  const ctx: CommandContext = {
    now,
    ts: Timestamp.fromMillis(now),
    via,
    allocation,
    reservation: (id) => res.get(id),
    stock: (sku) => working.get(sku) ?? (working.set(sku, { state: state(sku, 0), read: state(sku, 0), version: 0, exists: false, events: [], changed: false }).get(sku)!),
    saveReservation: (id, doc) => {
      res.set(id, doc);
      saved.add(id);
    },
    changeStock: (w, s, events: readonly StockEvent[]) => {
      w.state = s;
      w.events.push(...events);
      w.changed = true;
    },
    fulfil: (id, doc) => fulfilled.set(id, doc),
    shopper: (uid) => shoppers.get(uid) ?? { uid, openHolds: 0, units: {} },
    saveShopper: (sh) => void shoppers.set(sh.uid, sh),
  };
  const available = (sku: string) => levelsOf(working.get(sku)!.state).available;
  const reserved = (sku: string) => working.get(sku)!.state.reserved;
  return { ctx, res, saved, fulfilled, available, reserved, shoppers };
}

export const hold = (uid = 'u1', items = [{ sku: 'A', quantity: 2 }]) => ({ type: 'reserve' as const, reservationId: 'r1', uid, cartId: 'c1', items, ttlSeconds: 900, maxLifetimeSeconds: 2700 });
export const value = (d: Decided) => (d.result.ok ? d.result.value : assert.fail(`refused: ${d.result.message}`));
export const code = (d: Decided) => (d.result.ok ? 'ok' : d.result.code);

export function held(w: ReturnType<typeof world>) {
  value(reserve(w.ctx, hold()));
  return w.res.get('r1')!;
}

