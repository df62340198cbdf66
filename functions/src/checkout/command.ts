/** The checkout commands: every change to holds is one of these, run by command-queue.ts; each decision is in commands/. */
import { createHash } from 'node:crypto';
import { CartLine } from '../domain/reservation';
import { CheckoutError, CheckoutErrorCode } from './errors';
import { ShopperLimits } from './shopper-store';
import type { AllocationRequest } from '../domain/allocation';

export type Command =
  | { type: 'reserve'; reservationId: string; uid: string; cartId: string; items: CartLine[]; ttlSeconds: number; maxLifetimeSeconds: number; limits?: ShopperLimits; allocation?: AllocationRequest }
  | { type: 'confirm'; reservationId: string; uid: string; paymentId: string; lines?: CartLine[] }
  | { type: 'release'; reservationId: string; uid: string; reason: string }
  | { type: 'extend'; reservationId: string; uid: string; ttlSeconds: number }
  | { type: 'expire'; reservationId: string; /** The expiresAt this timer was set for (epoch ms). */ dueAt: number }
  | { type: 'cancelLine'; reservationId: string; sku: string; quantity: number; reason: string; operator: string };

export type CommandResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; code: CheckoutErrorCode; message: string; details?: Record<string, unknown> };

/** A command's value, or its refusal thrown as the typed error the edges map. */
export function unwrap(r: CommandResult): Record<string, unknown> {
  if (r.ok) return r.value;
  throw new CheckoutError(r.code, r.message, r.details);
}

export function commandId(c: Command): string {
  switch (c.type) {
    // User commands carry the uid: someone else's attempt must never become the owner's answer.
    case 'reserve':
    case 'release':
      return `${c.type}:${c.reservationId}:${c.uid}`;
    case 'expire':
      // One expiry per deadline: an extended hold gets a new deadline, hence a new command.
      return `expire:${c.reservationId}:${c.dueAt}`;
    case 'confirm': {
      // A retry of the same confirmation is the same command; other lines are another request.
      const lines = c.lines ? createHash('sha256').update(JSON.stringify(c.lines)).digest('hex').slice(0, 12) : 'all';
      return `confirm:${c.reservationId}:${c.uid}:${c.paymentId}:${lines}`;
    }
    case 'extend':
      // Each extension is its own request; the id only has to be unique.
      return `extend:${c.reservationId}:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`;
    case 'cancelLine':
      return `cancel:${c.reservationId}:${c.sku}:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`;
  }
}
