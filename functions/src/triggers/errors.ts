/** Maps use-case failures to HttpsError at the edge; anything unexpected becomes `internal`. */
import { HttpsError } from 'firebase-functions/v2/https';
import { DomainError } from '../errors';
import * as logs from '../logs';

export async function edge<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof HttpsError) throw err;
    if (err instanceof DomainError) {
      const code = err.code === 'payload-too-large' || err.code === 'unsupported-media-type' ? 'invalid-argument' : err.code;
      throw new HttpsError(code, err.message, err.details);
    }
    logs.internalError(where, err);
    // Never forward an internal message to a client.
    throw new HttpsError('internal', 'internal error');
  }
}
