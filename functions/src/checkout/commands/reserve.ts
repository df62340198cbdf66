/** reserve: hold every line of a cart, or none (a verdict per line says why). Idempotent per cart. */
import { Timestamp } from 'firebase-admin/firestore';
import { levelsOf, reserve as reserveStock } from '../../domain/inventory';
import { verdict } from '../availability';
import { reservationView, ReservationDoc } from '../reservation-store';
import { CommandContext, CommandOf, Decided, fail, ok } from './context';
import { allocateCart, Allocation, availableFor, candidatesFor, resolveChannel } from '../../domain/allocation';

export function reserve(ctx: CommandContext, cmd: CommandOf<'reserve'>): Decided {
  const res = ctx.reservation(cmd.reservationId);
  if (res) {
    if (res.uid !== cmd.uid) return fail('permission-denied', 'this reservation belongs to someone else');
    if (res.state === 'held' || res.state === 'committed') return ok(reservationView(cmd.reservationId, res));
    return fail('failed-precondition', `the reservation for cart ${cmd.cartId} has ${res.state}; use a new cartId`, { reason: `reservation_${res.state}` });
  }
  // The channel and the allocation are decided here, in the hold's transaction, on the stock it read.
  const { cfg, configured } = ctx.allocation;
  const rc = resolveChannel(cfg, cmd.allocation ?? {});
  if (!rc.ok) return fail('invalid-argument', `${rc.field}: ${rc.message}`, { field: rc.field });
  const verdicts = cmd.items.map((l) => {
    const w = ctx.stock(l.sku);
    return verdict(l.sku, l.quantity, w.exists, w.exists ? availableFor(cfg, rc, w.state.locations, w.state.reserved, levelsOf(w.state).available) : 0);
  });
  if (verdicts.some((v) => v.status !== 'ok')) return fail('failed-precondition', 'some items are not available', { items: verdicts });
  let plan: { allocations: Record<string, Allocation[]>; locations: string[]; split: boolean } | null = null;
  if (configured) {
    const a = allocateCart(rc.channel.strategy, cmd.items.map((l) => ({ sku: l.sku, quantity: l.quantity, candidates: candidatesFor(cfg, rc, ctx.stock(l.sku).state.locations) })));
    if (!a.ok) return fail('failed-precondition', 'some items are not available', { items: verdicts.map((v) => (v.sku === a.sku ? { ...v, available: a.free, status: a.free > 0 ? 'insufficient' : 'out_of_stock' } : v)) });
    plan = a;
  }
  const only = plan && plan.locations.length === 1 ? plan.locations[0]! : null;
  const storeId = rc.pickup ?? (only && cfg.locations[only]?.kind === 'store' ? only : null);
  const where = configured ? { channel: rc.channelId, ...(storeId ? { storeId } : {}) } : {};
  const shopper = ctx.shopper(cmd.uid);
  if (cmd.limits) {
    const { maxOpenHolds, maxUnitsPerSku } = cmd.limits;
    if (shopper.openHolds >= maxOpenHolds) {
      return fail('resource-exhausted', `limit maxOpenHoldsPerShopper: at most ${maxOpenHolds} open holds per shopper; pay for or release one first`, { limit: 'maxOpenHoldsPerShopper', max: maxOpenHolds, current: shopper.openHolds });
    }
    for (const l of cmd.items) {
      const held = shopper.units[l.sku] ?? 0;
      if (held + l.quantity > maxUnitsPerSku) {
        return fail('resource-exhausted', `limit maxUnitsPerSkuPerShopper: at most ${maxUnitsPerSku} units of ${l.sku} held per shopper (already ${held})`, { limit: 'maxUnitsPerSkuPerShopper', max: maxUnitsPerSku, sku: l.sku, current: held });
      }
    }
  }
  for (const l of cmd.items) {
    const w = ctx.stock(l.sku);
    const r = reserveStock(w.state, l.quantity, { reservationId: cmd.reservationId, orderId: cmd.cartId, source: 'checkout', ...where }, plan?.allocations[l.sku]);
    if (!r.ok) throw new Error(`reserve failed after a successful check: ${JSON.stringify(r.failure)}`);
    ctx.changeStock(w, r.state, r.events);
  }
  const expiresAt = ctx.now + cmd.ttlSeconds * 1000;
  const doc: ReservationDoc = {
    uid: cmd.uid,
    cartId: cmd.cartId,
    items: cmd.items,
    skus: [...new Set(cmd.items.map((l) => l.sku))],
    state: 'held',
    expiresAt: Timestamp.fromMillis(expiresAt),
    maxExpiresAt: Timestamp.fromMillis(ctx.now + cmd.maxLifetimeSeconds * 1000),
    createdAt: ctx.ts,
    updatedAt: ctx.ts,
    ...(ctx.via === 'queue' ? { viaQueue: true } : {}),
    ...(configured ? { channel: rc.channelId } : {}),
    ...(rc.pickup ? { pickupLocationId: rc.pickup } : {}),
    ...(configured && rc.from ? { shipFrom: rc.from } : {}),
    ...(plan ? { allocations: plan.allocations, split: plan.split } : {}),
  };
  ctx.saveReservation(cmd.reservationId, doc);
  const units = { ...shopper.units };
  for (const l of cmd.items) units[l.sku] = (units[l.sku] ?? 0) + l.quantity;
  ctx.saveShopper({ ...shopper, openHolds: shopper.openHolds + 1, units });
  return ok(reservationView(cmd.reservationId, doc), { reservationId: cmd.reservationId, expiresAt });
}
