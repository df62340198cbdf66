/** extend: push a held reservation's expiry out by the TTL, never past its maximum lifetime. */
import { Timestamp } from 'firebase-admin/firestore';
import { CommandContext, CommandOf, Decided, fail, ok, ownReservation } from './context';

export function extend(ctx: CommandContext, cmd: CommandOf<'extend'>): Decided {
  const own = ownReservation(ctx, cmd);
  if ('refused' in own) return own.refused;
  const res = own.res;
  if (res.state !== 'held') return fail('failed-precondition', `the reservation has ${res.state}`, { state: res.state });
  const next = Math.min(ctx.now + cmd.ttlSeconds * 1000, res.maxExpiresAt.toMillis());
  const expiresAt = Math.max(next, res.expiresAt.toMillis());
  const capped = expiresAt >= res.maxExpiresAt.toMillis();
  ctx.saveReservation(cmd.reservationId, { ...res, expiresAt: Timestamp.fromMillis(expiresAt), updatedAt: ctx.ts });
  return ok({ state: 'held', expiresAt: new Date(expiresAt).toISOString(), capped }, { reservationId: cmd.reservationId, expiresAt });
}
