/** Business failures of checkout: typed domain errors (../errors.ts), mapped to HttpsError at the edge. */
import { DomainError, ErrorCode } from '../errors';

export type CheckoutErrorCode = ErrorCode;

export class CheckoutError extends DomainError {}
