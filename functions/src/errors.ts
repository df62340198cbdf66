/**
 * The typed failures use cases throw: a code from one small vocabulary and details for the
 * caller. The edges map them — HTTP statuses in triggers/http/errors.ts, HttpsError in
 * triggers/errors.ts — so no use case knows which transport asked.
 */
export type ErrorCode =
  | 'invalid-argument'
  | 'unauthenticated'
  | 'permission-denied'
  | 'not-found'
  | 'failed-precondition'
  | 'resource-exhausted'
  | 'unavailable'
  /** A body over the size cap (HTTP only; a callable sees invalid-argument). */
  | 'payload-too-large'
  /** A body in a media type the route does not take (HTTP only). */
  | 'unsupported-media-type'
  | 'internal';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}
