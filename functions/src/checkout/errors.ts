/** Business failures of checkout as values with a precise code, mapped to HttpsError at the edge. */
export type CheckoutErrorCode = 'invalid-argument' | 'failed-precondition' | 'permission-denied' | 'not-found' | 'unauthenticated' | 'resource-exhausted' | 'internal';

export class CheckoutError extends Error {
  constructor(
    readonly code: CheckoutErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export interface LineVerdict {
  sku: string;
  requested: number;
  available: number;
  status: 'ok' | 'insufficient' | 'out_of_stock' | 'unknown_sku';
}
