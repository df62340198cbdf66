/**
 * Checkout use cases. Inputs are parsed with zod (errors name the field); every hold change is a
 * command applied by the queue (command-queue.ts); results map to CheckoutError values for the edge.
 */
import { statusFreshness, statusRef } from '../stock/freshness';
import { createHash } from 'node:crypto';
import { Firestore } from 'firebase-admin/firestore';
import { z } from 'zod';
import { availableFor, resolveChannel } from '../domain/allocation';
import { loadAllocation } from '../adapters/allocation-config';
import { combineLines } from '../domain/reservation';
import { levelsOf } from '../domain/inventory';
import { stockFromDoc, stockRef } from '../stock/stock-store';
import { CommandResult, unwrap } from './command';
import { CommandQueue } from './command-queue';
import { CheckoutError } from './errors';
import { LineVerdict, verdict } from './availability';
import { dueHolds, readReservation } from './reservation-store';
import { FixedWindowLimiter } from '../adapters/rate-limits';
import { cancelLineInput, confirmInput, extendInput, releaseInput, reserveCartInput, validateCartInput } from './schemas';
import { parseOrRefuse } from '../zod-errors';
import * as logs from '../logs';
import { instruments } from '../adapters/metrics';

export interface CheckoutConfig {
  reservationTtlSeconds: number;
  reservationMaxLifetimeSeconds: number;
  lowStockThreshold: number;
  /** Per-shopper limits; absent: none (tools that act for many shoppers). */
  maxOpenHoldsPerShopper?: number;
  maxUnitsPerSkuPerShopper?: number;
  shopperRequestsPerMinute?: number;
}

/** A callable's data, or a refusal naming each bad field (`details.errors`, as the HTTP API's). */
const parse = <T>(schema: z.ZodType<T>, input: unknown): T => parseOrRefuse(schema, input ?? {});

/** A hold taken or refused (and why); a refusal for want of stock is an oversell refused. */
function holdMetrics(r: CommandResult): void {
  if (r.ok) return void instruments().holds.add(1, { outcome: 'held' });
  const d = (r.details ?? {}) as { items?: unknown; limit?: unknown; reason?: unknown };
  const insufficient = Array.isArray(d.items);
  instruments().holds.add(1, { outcome: insufficient ? 'insufficient' : d.limit ? `limit_${String(d.limit)}` : String(d.reason ?? r.code) });
  if (insufficient) instruments().oversellRefused.add(1);
}


export function reservationIdFor(uid: string, cartId: string): string {
  return createHash('sha256').update(`${uid}\u0000${cartId}`).digest('hex').slice(0, 24);
}

export class CheckoutService {
  private readonly limiter: FixedWindowLimiter | null;

  constructor(
    private readonly db: Firestore,
    private readonly queue: CommandQueue,
    private readonly cfg: CheckoutConfig,
  ) {
    this.limiter = cfg.shopperRequestsPerMinute ? new FixedWindowLimiter(db, cfg.shopperRequestsPerMinute) : null;
  }

  async validateCart(uid: string, input: unknown): Promise<{ ok: boolean; stale: boolean; items: LineVerdict[] }> {
    requireAuth(uid);
    const { items, channel, pickupLocationId, shipTo } = parse(validateCartInput, input);
    await this.rateLimit(uid);
    const lines = combineLines(items);
    const { cfg } = await loadAllocation(this.db);
    const rc = resolveChannel(cfg, { channel, pickupLocationId, shipTo });
    if (!rc.ok) throw new CheckoutError('invalid-argument', `${rc.field}: ${rc.message}`, { field: rc.field });
    const [status, ...snaps] = await this.db.getAll(statusRef(this.db), ...lines.map((l) => stockRef(this.db, l.sku)));
    const verdicts = lines.map((l, i) => {
      const snap = snaps[i]!;
      const { state } = stockFromDoc(l.sku, snap.data(), this.cfg.lowStockThreshold);
      return verdict(l.sku, l.quantity, snap.exists, snap.exists ? availableFor(cfg, rc, state.locations, state.reserved, levelsOf(state).available) : 0);
    });
    return { ok: verdicts.every((v) => v.status === 'ok'), stale: statusFreshness(status!.data(), Date.now()).stale, items: verdicts };
  }

  async reserveCart(uid: string, input: unknown) {
    requireAuth(uid);
    const { cartId, items, channel, pickupLocationId, shipTo } = parse(reserveCartInput, input);
    const allocation = channel !== undefined || pickupLocationId !== undefined || shipTo !== undefined ? { ...(channel ? { channel } : {}), ...(pickupLocationId ? { pickupLocationId } : {}), ...(shipTo ? { shipTo } : {}) } : undefined;
    await this.rateLimit(uid);
    const reservationId = reservationIdFor(uid, cartId);
    const { maxOpenHoldsPerShopper: maxOpenHolds, maxUnitsPerSkuPerShopper: maxUnitsPerSku } = this.cfg;
    const result = await this.queue.execute({
        type: 'reserve',
        reservationId,
        uid,
        cartId,
        items: combineLines(items),
        ttlSeconds: this.cfg.reservationTtlSeconds,
        maxLifetimeSeconds: this.cfg.reservationMaxLifetimeSeconds,
        ...(maxOpenHolds && maxUnitsPerSku ? { limits: { maxOpenHolds, maxUnitsPerSku } } : {}),
        ...(allocation ? { allocation } : {}),
      });
    holdMetrics(result);
    const value = unwrap(result);
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

  /**
   * A direct confirm, for trusted servers only (an operator, or a service identity with the
   * `service` claim): shoppers pay through `startPayment` and the provider's webhook.
   */
  async confirmAsServer(caller: { uid: string; trusted: boolean }, input: unknown) {
    requireAuth(caller.uid);
    if (!caller.trusted) throw new CheckoutError('permission-denied', 'a sale is confirmed by the payment provider: call startPayment; a direct confirm needs the admin or service claim');
    const { reservationId } = parse(confirmInput, input);
    const owner = (await readReservation(this.db, reservationId))?.uid;
    if (!owner) throw new CheckoutError('not-found', `reservation ${reservationId} does not exist`);
    return this.confirmReservation(owner, input);
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

  /**
   * A fixed one-minute window per shopper, shared by every instance (a counter document). The
   * refusal names the limit and says when to retry.
   */
  private async rateLimit(uid: string, now = Date.now()): Promise<void> {
    if (!this.limiter) return;
    const max = this.cfg.shopperRequestsPerMinute;
    const v = await this.limiter.take(`shopper:${uid}`, now);
    if (!v.ok) {
      throw new CheckoutError('resource-exhausted', `limit shopperRequestsPerMinute: at most ${max} cart checks and holds per minute; retry in ${v.retryAfterSeconds} s`, { limit: 'shopperRequestsPerMinute', max, retryAfterSeconds: v.retryAfterSeconds });
    }
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
