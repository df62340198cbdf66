/**
 * Checkout use cases. Inputs are parsed with zod (errors name the field); every hold change is a
 * command applied by the queue (command-queue.ts); results map to CheckoutError values for the edge.
 */
import { statusFreshness, statusRef } from '../sync/status';
import { createHash } from 'node:crypto';
import { Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import { combineLines } from '../domain/reservation';
import { levelsOf } from '../domain/inventory';
import { stockFromDoc, stockRef } from '../stock/stock-store';
import { CommandResult } from './commands';
import { CommandQueue } from './command-queue';
import { CheckoutError } from './errors';
import { LineVerdict, verdict } from './availability';
import { dueHolds } from './reservation-store';
import { cancelLineInput, confirmInput, extendInput, releaseInput, reserveCartInput, validateCartInput } from './schemas';
import { describe, fieldErrors } from '../zod-errors';
import * as logs from '../logs';

export interface CheckoutConfig {
  reservationTtlSeconds: number;
  reservationMaxLifetimeSeconds: number;
  lowStockThreshold: number;
}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const fields = fieldErrors(r.error);
  throw new CheckoutError('invalid-argument', describe(fields), { fields });
}

function unwrap(r: CommandResult): Record<string, unknown> {
  if (r.ok) return r.value;
  throw new CheckoutError(r.code, r.message, r.details);
}

export function reservationIdFor(uid: string, cartId: string): string {
  return createHash('sha256').update(`${uid}\u0000${cartId}`).digest('hex').slice(0, 24);
}

export class CheckoutService {
  constructor(
    private readonly db: Firestore,
    private readonly queue: CommandQueue,
    private readonly cfg: CheckoutConfig,
  ) {}

  async validateCart(uid: string, input: unknown): Promise<{ ok: boolean; stale: boolean; items: LineVerdict[] }> {
    requireAuth(uid);
    const { items } = parse(validateCartInput, input);
    const lines = combineLines(items);
    const [status, ...snaps] = await this.db.getAll(statusRef(this.db), ...lines.map((l) => stockRef(this.db, l.sku)));
    const verdicts = lines.map((l, i) => {
      const snap = snaps[i]!;
      const { state } = stockFromDoc(l.sku, snap.data(), this.cfg.lowStockThreshold);
      return verdict(l.sku, l.quantity, snap.exists, snap.exists ? levelsOf(state).available : 0);
    });
    return { ok: verdicts.every((v) => v.status === 'ok'), stale: statusFreshness(status!.data(), Date.now()).stale, items: verdicts };
  }

  async reserveCart(uid: string, input: unknown) {
    requireAuth(uid);
    const { cartId, items } = parse(reserveCartInput, input);
    const reservationId = reservationIdFor(uid, cartId);
    const value = unwrap(
      await this.queue.execute({
        type: 'reserve',
        reservationId,
        uid,
        cartId,
        items: combineLines(items),
        ttlSeconds: this.cfg.reservationTtlSeconds,
        maxLifetimeSeconds: this.cfg.reservationMaxLifetimeSeconds,
      }),
    );
    logs.reservation('reserved', { reservationId, uid, lines: items.length });
    return value;
  }

  async confirmReservation(uid: string, input: unknown) {
    requireAuth(uid);
    const { reservationId, paymentId, lines } = parse(confirmInput, input);
    const value = unwrap(await this.queue.execute({ type: 'confirm', reservationId, uid, paymentId, ...(lines ? { lines: combineLines(lines) } : {}) }));
    logs.reservation('committed', { reservationId, uid, paymentId });
    return value;
  }

  async releaseReservation(uid: string, input: unknown) {
    requireAuth(uid);
    const { reservationId, reason } = parse(releaseInput, input);
    const value = unwrap(await this.queue.execute({ type: 'release', reservationId, uid, reason }));
    logs.reservation('released', { reservationId, uid, reason });
    return value;
  }

  async extendReservation(uid: string, input: unknown) {
    requireAuth(uid);
    const { reservationId } = parse(extendInput, input);
    return unwrap(await this.queue.execute({ type: 'extend', reservationId, uid, ttlSeconds: this.cfg.reservationTtlSeconds }));
  }

  async cancelCommittedLine(operator: string, isOperator: boolean, input: unknown) {
    requireAuth(operator);
    if (!isOperator) throw new CheckoutError('permission-denied', 'cancelling a sold line needs the admin claim');
    const { reservationId, sku, quantity, reason } = parse(cancelLineInput, input);
    return unwrap(await this.queue.execute({ type: 'cancelLine', reservationId, sku, quantity, reason, operator }));
  }

  /** Expires one hold if it is due (the Cloud Tasks timer). Idempotent. */
  async expire(reservationId: string, dueAt: number): Promise<Record<string, unknown>> {
    const r = await this.queue.execute({ type: 'expire', reservationId, dueAt });
    if (!r.ok && r.code === 'not-found') return { state: 'missing' };
    return unwrap(r);
  }

  /** The safety net: expires every due hold and drains commands whose caller died. */
  async sweep(now = Date.now(), limit = 500): Promise<{ expired: number; drained: boolean }> {
    const due = await dueHolds(this.db, now, limit);
    let expired = 0;
    await Promise.all(
      due.map(async (d) => {
        const r = await this.queue.execute({ type: 'expire', reservationId: d.id, dueAt: d.expiresAt });
        if (r.ok && r.value.state === 'expired') expired++;
      }),
    );
    const drained = await this.queue.drain();
    return { expired, drained };
  }
}

function requireAuth(uid: string): void {
  if (!uid) throw new CheckoutError('unauthenticated', 'sign in first');
}
