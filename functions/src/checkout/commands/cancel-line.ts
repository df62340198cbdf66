/** cancelLine (operators): give back units of a sold line, at the locations they were taken from. */
import { StockEvent } from '../../domain/events';
import { cancelSale } from '../../domain/inventory';
import { CommandContext, CommandOf, Decided, fail, ok, ownReservation } from './context';

export function cancelLine(ctx: CommandContext, cmd: CommandOf<'cancelLine'>): Decided {
  const own = ownReservation(ctx, cmd);
  if ('refused' in own) return own.refused;
  const res = own.res;
  if (res.state !== 'committed') return fail('failed-precondition', 'only a committed line can be cancelled', { state: res.state });
  const committed = (res.committedItems ?? res.items).find((l) => l.sku === cmd.sku);
  const cancelled = (res.cancelledItems ?? []).filter((l) => l.sku === cmd.sku).reduce((n, l) => n + l.quantity, 0);
  if (!committed || committed.quantity - cancelled < cmd.quantity) {
    return fail('failed-precondition', `at most ${committed ? committed.quantity - cancelled : 0} units of ${cmd.sku} can be cancelled`);
  }
  const w = ctx.stock(cmd.sku);
  const allocations = res.allocations?.[cmd.sku] ?? [];
  let remaining = cmd.quantity;
  let state = w.state;
  const events: StockEvent[] = [];
  for (const a of allocations.length ? allocations : [{ locationId: Object.keys(state.locations)[0] ?? '', quantity: cmd.quantity }]) {
    if (remaining === 0) break;
    const q = Math.min(remaining, a.quantity);
    const r = cancelSale(state, `${cmd.reservationId}:${cmd.sku}`, a.locationId, q, { reservationId: cmd.reservationId, source: 'operator', reason: cmd.reason, actor: cmd.operator });
    if (!r.ok) return fail('failed-precondition', `cannot cancel at ${a.locationId}: ${r.failure.code}`);
    state = r.state;
    events.push(...r.events);
    remaining -= q;
  }
  ctx.changeStock(w, state, events);
  ctx.saveReservation(cmd.reservationId, { ...res, cancelledItems: [...(res.cancelledItems ?? []), { sku: cmd.sku, quantity: cmd.quantity, operator: cmd.operator, reason: cmd.reason }], updatedAt: ctx.ts });
  return ok({ state: 'committed', cancelled: { sku: cmd.sku, quantity: cmd.quantity } });
}
