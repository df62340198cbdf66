/** release (the shopper gives up) and expire (the hold's timer): every held unit goes back. */
import { unreserve } from '../../domain/inventory';
import { transition } from '../../domain/reservation';
import { ReservationDoc } from '../reservation-store';
import { CommandContext, CommandOf, Decided, endHold, fail, ok, ownReservation } from './context';

export function release(ctx: CommandContext, cmd: CommandOf<'release'>): Decided {
  const own = ownReservation(ctx, cmd);
  if ('refused' in own) return own.refused;
  return giveBack(ctx, cmd.reservationId, own.res, 'release', cmd.reason);
}

export function expire(ctx: CommandContext, cmd: CommandOf<'expire'>): Decided {
  const own = ownReservation(ctx, cmd);
  if ('refused' in own) return own.refused;
  // Extended since this timer was set: not due; the extension armed its own timer.
  if (own.res.state === 'held' && own.res.expiresAt.toMillis() > ctx.now) return ok({ state: 'held', notDue: true });
  return giveBack(ctx, cmd.reservationId, own.res, 'expire', 'expired');
}

function giveBack(ctx: CommandContext, reservationId: string, res: ReservationDoc, action: 'release' | 'expire', reason: string): Decided {
  const tr = transition(res.state, action);
  if (!tr.ok) return fail('failed-precondition', `cannot ${action} a reservation that has ${tr.from}`, { state: tr.from });
  if (!tr.changed) return ok({ state: tr.next });
  for (const l of res.items) {
    const w = ctx.stock(l.sku);
    const r = unreserve(w.state, l.quantity, { reservationId, orderId: res.cartId, source: 'checkout', reason, ...(res.channel ? { channel: res.channel } : {}), ...(res.pickupLocationId ? { storeId: res.pickupLocationId } : {}) }, res.allocations?.[l.sku]);
    if (!r.ok) throw new Error(`release failed for a held line: ${JSON.stringify(r.failure)}`);
    ctx.changeStock(w, r.state, r.events);
  }
  endHold(ctx, res);
  ctx.saveReservation(reservationId, { ...res, state: tr.next, updatedAt: ctx.ts, reason });
  return ok({ state: tr.next });
}
