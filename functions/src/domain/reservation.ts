/** The reservation state machine: held -> committed | released | expired, nothing else. */
export const RESERVATION_STATES = ['held', 'committed', 'released', 'expired'] as const;
export type ReservationState = (typeof RESERVATION_STATES)[number];
export type ReservationAction = 'commit' | 'release' | 'expire';

const TARGET: Record<ReservationAction, ReservationState> = {
  commit: 'committed',
  release: 'released',
  expire: 'expired',
};

export type Transition =
  | { ok: true; next: ReservationState; changed: boolean }
  | { ok: false; from: ReservationState; action: ReservationAction };

/**
 * `changed: false` marks an idempotent repeat (or an expiry/release that lost a race and has
 * nothing left to do); `ok: false` is a real conflict, such as confirming an expired hold.
 */
export function transition(from: ReservationState, action: ReservationAction): Transition {
  if (from === 'held') return { ok: true, next: TARGET[action], changed: true };
  if (from === TARGET[action]) return { ok: true, next: from, changed: false };
  // Releasing or expiring something already ended (not as a sale) is a harmless no-op.
  if (action !== 'commit' && from !== 'committed') return { ok: true, next: from, changed: false };
  if (action === 'expire' && from === 'committed') return { ok: true, next: from, changed: false };
  return { ok: false, from, action };
}

export function isTerminal(s: ReservationState): boolean {
  return s !== 'held';
}

export interface CartLine {
  sku: string;
  quantity: number;
}

/** Sums lines of the same SKU, keeping first-seen order: two lines of 1 need 2 units. */
export function combineLines(lines: readonly CartLine[]): CartLine[] {
  const bySku = new Map<string, number>();
  for (const l of lines) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}
