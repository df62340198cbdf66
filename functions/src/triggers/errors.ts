/** Maps use-case failures to HttpsError at the edge; anything unexpected becomes `internal`. */
import { HttpsError } from 'firebase-functions/v2/https';
import { DomainError } from '../errors';
import * as logs from '../logs';
import { instruments } from '../adapters/metrics';

/** Codes that say the server failed (the availability SLO counts them), not the caller. */
const SERVER_FAILURES: ReadonlySet<string> = new Set(['internal', 'unavailable', 'deadline-exceeded', 'unknown', 'data-loss']);

/**
 * Runs a callable's use case: a DomainError becomes its HttpsError, anything unexpected `internal`
 * (logged, never its message). With `surface`, the outcome counts toward the availability SLO
 * (`stock_requests_total`, domain/slo.ts): a refusal or bad input is a success of the service.
 */
export async function edge<T>(where: string, fn: () => Promise<T>, surface?: 'checkout'): Promise<T> {
  const count = (outcome: 'ok' | 'error') => surface && instruments().requests.add(1, { surface, outcome });
  try {
    const r = await fn();
    count('ok');
    return r;
  } catch (err) {
    if (err instanceof HttpsError) {
      count(SERVER_FAILURES.has(err.code) ? 'error' : 'ok');
      throw err;
    }
    if (err instanceof DomainError) {
      count(SERVER_FAILURES.has(err.code) ? 'error' : 'ok');
      const code = err.code === 'payload-too-large' || err.code === 'unsupported-media-type' ? 'invalid-argument' : err.code;
      throw new HttpsError(code, err.message, err.details);
    }
    count('error');
    logs.internalError(where, err);
    // Never forward an internal message to a client.
    throw new HttpsError('internal', 'internal error');
  }
}
