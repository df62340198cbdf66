/**
 * Stock arithmetic. `available` and `status` are always derived from onHand, reserved and the
 * low-stock threshold, never stored independently of them.
 */
export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock';

export interface StockLevels {
  onHand: number;
  reserved: number;
  available: number;
  status: StockStatus;
  /** Units held by reservations that the physical stock no longer covers (reserved - onHand). */
  shortfall: number;
}

export interface StockSnapshot {
  onHand: number;
  reserved: number;
  available: number;
}

export function statusFor(available: number, lowStockThreshold: number): StockStatus {
  if (available <= 0) return 'out_of_stock';
  if (available <= lowStockThreshold) return 'low_stock';
  return 'in_stock';
}

/**
 * `sellable` false: nothing is available whatever the count (an offer whose vendor is suspended).
 * `blocked`: units of onHand that never sell (damaged, in quality control).
 */
export function levels(onHand: number, reserved: number, lowStockThreshold: number, sellable = true, blocked = 0): StockLevels {
  assertCount('onHand', onHand);
  assertCount('reserved', reserved);
  const available = sellable ? Math.max(0, onHand - blocked - reserved) : 0;
  return {
    onHand,
    reserved,
    available,
    status: statusFor(available, lowStockThreshold),
    shortfall: Math.max(0, reserved - onHand),
  };
}

export function snapshot(l: StockSnapshot): StockSnapshot {
  return { onHand: l.onHand, reserved: l.reserved, available: l.available };
}

export function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

export function assertCount(field: string, n: number): void {
  if (!isCount(n)) throw new RangeError(`${field} must be a non-negative integer, got ${n}`);
}
