/** Operators authenticate with a Firebase ID token carrying the `admin` custom claim. */
import type { Request } from 'firebase-functions/v2/https';
import { getAuth } from 'firebase-admin/auth';
import { adminApp } from '../../adapters/firebase';
import { DomainError } from '../../errors';

export async function operatorUid(req: Request): Promise<string> {
  const m = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
  if (!m) throw new DomainError('unauthenticated', 'an operator ID token is required (Authorization: Bearer <token>)');
  let token;
  try {
    token = await getAuth(adminApp()).verifyIdToken(m[1]!);
  } catch {
    throw new DomainError('unauthenticated', 'invalid ID token');
  }
  if (token.admin !== true) throw new DomainError('permission-denied', 'the admin claim is required');
  return token.uid;
}
