/**
 * What a checkout command decides over: the reservations and stock documents its batch read, as
 * plain values. A command is a pure decision on them (no reads, no writes); the runner
 * (../command-tx.ts) reads before and writes after, one write per touched document.
 */
import { Timestamp } from 'firebase-admin/firestore';
import { AllocationConfig } from '../../domain/allocation';
import { StockEvent } from '../../domain/events';
import { StockState } from '../../domain/inventory';
import { Command, CommandResult } from '../command';
import { ReservationDoc } from '../reservation-store';
import type { FulfillmentDoc } from '../../stock/fulfillment-store';
import { ShopperHolds } from '../shopper-store';

export interface WorkingStock {
  state: StockState;
  /** The state as read, before this batch's commands (what the private document is compared with). */
  readonly read: StockState;
  version: number;
  exists: boolean;
  /** False for a document from before the public/private split. */
  complete?: boolean;
  events: StockEvent[];
  changed: boolean;
}

export interface Decided {
  result: CommandResult;
  /** A new or extended hold: the caller arms its expiry timer. */
  schedule?: { reservationId: string; expiresAt: number };
}

export interface CommandContext {
  /** The batch's clock, the same for all its commands. */
  readonly now: number;
  readonly ts: Timestamp;
  /** How the command arrived: through the queue (its SKUs are hot) or on its own. */
  readonly via: 'queue' | 'direct';
  /** The allocation config in force for this batch (`configured` false: the built-in default). */
  readonly allocation: { readonly cfg: AllocationConfig; readonly configured: boolean };
  reservation(id: string): ReservationDoc | undefined;
  /** The working copy of a SKU the batch read (every SKU of its reservations and new holds). */
  stock(sku: string): WorkingStock;
  /** Records a reservation's new state (written once after the batch). */
  saveReservation(id: string, doc: ReservationDoc): void;
  /** Records a SKU's new state and the events that led there. */
  changeStock(w: WorkingStock, state: StockState, events: readonly StockEvent[]): void;
  fulfil(id: string, doc: FulfillmentDoc): void;
  /** The hold counters of a shopper the batch read (every uid of its commands and reservations). */
  shopper(uid: string): ShopperHolds;
  saveShopper(s: ShopperHolds): void;
}

/** A hold ends (sold, released, expired): its shopper no longer holds its units. */
export function endHold(ctx: CommandContext, res: ReservationDoc): void {
  const s = ctx.shopper(res.uid);
  const units = { ...s.units };
  for (const l of res.items) units[l.sku] = Math.max(0, (units[l.sku] ?? 0) - l.quantity);
  ctx.saveShopper({ ...s, openHolds: Math.max(0, s.openHolds - 1), units });
}

export type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

export function fail(code: Extract<CommandResult, { ok: false }>['code'], message: string, details?: Record<string, unknown>): Decided {
  return { result: { ok: false, code, message, ...(details ? { details } : {}) } };
}

export function ok(value: Record<string, unknown>, schedule?: Decided['schedule']): Decided {
  return schedule ? { result: { ok: true, value }, schedule } : { result: { ok: true, value } };
}

/** The reservation a command names, owned by its caller (commands without a uid are the system's). */
export function ownReservation(ctx: CommandContext, cmd: Command): { res: ReservationDoc } | { refused: Decided } {
  const res = ctx.reservation(cmd.reservationId);
  if (!res) return { refused: fail('not-found', `reservation ${cmd.reservationId} does not exist`) };
  if ('uid' in cmd && res.uid !== cmd.uid) return { refused: fail('permission-denied', 'this reservation belongs to someone else') };
  return { res };
}
