/** The availability verdict on one cart line: what validateCart answers and what reserve checks. */
export interface LineVerdict {
  sku: string;
  requested: number;
  available: number;
  status: 'ok' | 'insufficient' | 'out_of_stock' | 'unknown_sku';
}

export function verdict(sku: string, requested: number, exists: boolean, available: number): LineVerdict {
  if (!exists) return { sku, requested, available: 0, status: 'unknown_sku' };
  if (available <= 0) return { sku, requested, available: 0, status: 'out_of_stock' };
  return { sku, requested, available, status: available >= requested ? 'ok' : 'insufficient' };
}
