/**
 * confirm: sell the held units (all, or the given lines: the rest goes back) and leave a
 * fulfilment for the WMS. A retry with the same payment gets the first answer.
 */
import { commitSale, splitAllocation, unreserve } from '../../domain/inventory';
import { reallocationOrder, resolveChannel } from '../../domain/allocation';
import { CartLine, transition } from '../../domain/reservation';
import { Allocation } from '../reservation-store';
import { CommandContext, CommandOf, Decided, endHold, fail, ok, ownReservation } from './context';

export function confirm(ctx: CommandContext, cmd: CommandOf<'confirm'>): Decided {
  const own = ownReservation(ctx, cmd);
  if ('refused' in own) return own.refused;
  const res = own.res;
  if (res.state === 'committed') {
    if (res.paymentId !== cmd.paymentId) return fail('failed-precondition', 'the reservation was already confirmed with another payment');
    return ok({ state: 'committed', committedItems: res.committedItems ?? [], releasedItems: res.releasedItems ?? [] });
  }
  const tr = transition(res.state, 'commit');
  if (!tr.ok) return fail('failed-precondition', `cannot confirm a reservation that has ${tr.from}`, { state: tr.from });
  if (!tr.changed) return ok({ state: tr.next });

  const held = new Map(res.items.map((l) => [l.sku, l.quantity]));
  const want = new Map<string, number>();
  for (const l of cmd.lines ?? res.items) want.set(l.sku, (want.get(l.sku) ?? 0) + l.quantity);
  for (const [sku, q] of want) {
    if ((held.get(sku) ?? 0) < q) return fail('invalid-argument', `lines: ${sku} confirms ${q} but only ${held.get(sku) ?? 0} are held`, { field: 'lines' });
  }
  const committedItems: CartLine[] = [];
  const releasedItems: CartLine[] = [];
  const allocations: Record<string, Allocation[]> = {};
  const backordered: CartLine[] = [];
  let reallocated = 0;
  // An allocated hold sells where it was held; what a location lost since is made up in its channel.
  const { cfg } = ctx.allocation;
  const rc = res.allocations ? resolveChannel(cfg, { channel: res.channel, ...(res.pickupLocationId ? { pickupLocationId: res.pickupLocationId } : {}), ...(res.shipFrom ? { shipTo: res.shipFrom } : {}) }) : null;
  for (const l of res.items) {
    const w = ctx.stock(l.sku);
    const sell = want.get(l.sku) ?? 0;
    const held = res.allocations?.[l.sku];
    const [sold, kept] = held ? splitAllocation(held, sell) : [undefined, undefined];
    const ref = { reservationId: cmd.reservationId, orderId: res.cartId, paymentId: cmd.paymentId, source: 'checkout', ...(res.channel ? { channel: res.channel } : {}), ...(res.pickupLocationId ? { storeId: res.pickupLocationId } : {}) };
    if (sell > 0) {
      const reallocateTo = held ? (rc?.ok ? reallocationOrder(cfg, rc, w.state.locations) : Object.keys(w.state.locations).sort()) : undefined;
      const r = commitSale(w.state, sell, { ...ref, saleId: `${cmd.reservationId}:${l.sku}`, at: ctx.now, ...(sold ? { allocated: sold, reallocateTo } : {}) });
      if (!r.ok) throw new Error(`commit failed for a held line: ${JSON.stringify(r.failure)}`);
      ctx.changeStock(w, r.state, r.events);
      committedItems.push({ sku: l.sku, quantity: sell });
      allocations[l.sku] = r.allocations ?? [];
      reallocated += r.reallocated ?? 0;
      if (held && r.backordered) backordered.push({ sku: l.sku, quantity: r.backordered });
    }
    if (l.quantity - sell > 0) {
      const r = unreserve(w.state, l.quantity - sell, { ...ref, reason: 'partial_fulfillment' }, kept);
      if (!r.ok) throw new Error(`release failed for a held line: ${JSON.stringify(r.failure)}`);
      ctx.changeStock(w, r.state, r.events);
      releasedItems.push({ sku: l.sku, quantity: l.quantity - sell });
    }
  }
  endHold(ctx, res);
  ctx.saveReservation(cmd.reservationId, { ...res, state: 'committed', paymentId: cmd.paymentId, committedItems, releasedItems, allocations, updatedAt: ctx.ts, ...(reallocated ? { reallocated } : {}), ...(backordered.length ? { backordered } : {}) });
  ctx.fulfil(cmd.reservationId, {
    reservationId: cmd.reservationId,
    uid: res.uid,
    paymentId: cmd.paymentId,
    lines: committedItems.map((l) => ({ ...l, allocations: allocations[l.sku] ?? [], ...(backordered.find((b) => b.sku === l.sku) ? { backordered: backordered.find((b) => b.sku === l.sku)!.quantity } : {}) })),
    ...(res.channel ? { channel: res.channel } : {}),
    ...(res.pickupLocationId ? { pickupLocationId: res.pickupLocationId } : {}),
    skus: committedItems.map((l) => l.sku),
    wmsState: 'pending',
    createdAt: ctx.ts,
  });
  return ok({ state: 'committed', committedItems, releasedItems });
}
