/**
 * Who is calling, for each security scheme a route's `doc` declares. The router runs the guard of
 * the route's scheme before anything else and hands the principal to the handler: a route cannot
 * declare one scheme and check another, and a handler never checks a credential itself.
 */
import type { Request } from 'firebase-functions/v2/https';
import { getAuth } from 'firebase-admin/auth';
import { adminApp } from '../../adapters/firebase';
import { DomainError } from '../../errors';
import { SIGNATURE_HEADER, SignedRequest, verify } from '../../ingest/signature';
import { SourcePrincipal } from '../../ingest/push-auth';
import { claimedSource, pushType } from '../../ingest/push-request';
import { MAX_BODY_BYTES } from '../../ingest/schemas';
import { PAYMENT_SIGNATURE_HEADER } from '../../checkout/payment-intents';
import * as logs from '../../logs';
import type { ApiServices } from './services';

export const SOURCE_HEADER = 'x-inventory-source';
export const BATCH_HEADER = 'x-inventory-batch-id';
export const MIN_WEBHOOK_SECRET_BYTES = 32;

export type Security = 'operator' | 'vendor' | 'ingest' | 'ingestOrOperator' | 'payment' | 'none';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'operator'; uid: string }
  | { kind: 'vendor'; uid: string; vendorId: string }
  | SourcePrincipal
  | { kind: 'payment' };

async function idToken(req: Request, who: string) {
  const m = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
  if (!m) throw new DomainError('unauthenticated', `${who} ID token is required (Authorization: Bearer <token>)`);
  try {
    return await getAuth(adminApp()).verifyIdToken(m[1]!);
  } catch {
    throw new DomainError('unauthenticated', 'invalid ID token');
  }
}

/** Operators: a Firebase ID token with the `admin` custom claim. */
export async function operator(req: Request): Promise<Principal> {
  const token = await idToken(req, 'an operator');
  if (token.admin !== true) throw new DomainError('permission-denied', 'the admin claim is required');
  return { kind: 'operator', uid: token.uid };
}

/** Vendor users: a Firebase ID token with the `vendorId` custom claim. */
export async function vendor(req: Request): Promise<Principal> {
  const token = await idToken(req, 'a vendor user');
  if (typeof token.vendorId !== 'string' || !token.vendorId) throw new DomainError('permission-denied', 'the vendorId claim is required: this route is for vendor users');
  return { kind: 'vendor', uid: token.uid, vendorId: token.vendorId };
}

/** The request as a `v2` signature covers it. */
export function signedRequest(req: Request, path: string, body: Buffer): SignedRequest {
  const url = req.originalUrl ?? req.url;
  const q = url.indexOf('?');
  return {
    method: req.method,
    path,
    query: q < 0 ? '' : url.slice(q + 1),
    headers: { [SOURCE_HEADER]: req.get(SOURCE_HEADER), [BATCH_HEADER]: req.get(BATCH_HEADER) },
    body,
  };
}

/** A signed push (POST) or a signed read of a source's job (GET), checked by push authentication. */
export async function ingest(req: Request, path: string, app: ApiServices): Promise<Principal> {
  const isPush = req.method === 'POST';
  const raw = isPush ? (req.rawBody ?? Buffer.alloc(0)) : Buffer.alloc(0);
  // The size cap is checked before the signature: an oversized body is not worth an HMAC, and the answer reveals nothing.
  if (raw.length > MAX_BODY_BYTES) throw new DomainError('payload-too-large', `body larger than ${MAX_BODY_BYTES} bytes`);
  const type = pushType(req.get('content-type'));
  const named = req.get(SOURCE_HEADER) ?? (typeof req.query.source === 'string' ? req.query.source : undefined);
  const source = isPush ? claimedSource(named, raw, type) : (req.get(SOURCE_HEADER) ?? null);
  if (!isPush && !source) throw new DomainError('unauthenticated', `a job is read with its source's signature (${SOURCE_HEADER} and a v2 ${SIGNATURE_HEADER} over the GET request) or an operator ID token`);
  const request = signedRequest(req, path, raw);
  // v1 (the body alone) is enough only when the body is all the server acts on.
  const allowV1 = isPush && type === 'application/json' && request.query === '' && request.headers[BATCH_HEADER] === undefined;
  return app.pushAuth().authenticate({ source, signature: req.get(SIGNATURE_HEADER), request, nowSeconds: Math.floor(Date.now() / 1000), allowV1, consume: isPush });
}

/** The payment provider's webhook: HMAC over the timestamp and the raw body, with its own secret. */
export async function payment(req: Request, _path: string, app: ApiServices): Promise<Principal> {
  const secret = app.config().paymentWebhookSecret;
  if (Buffer.byteLength(secret) < MIN_WEBHOOK_SECRET_BYTES) {
    logs.payment('webhook_unconfigured', { bytes: Buffer.byteLength(secret) });
    throw new DomainError('unavailable', 'the payment webhook secret is not configured');
  }
  const sig = verify(secret, req.get(PAYMENT_SIGNATURE_HEADER), req.rawBody ?? Buffer.alloc(0), Math.floor(Date.now() / 1000));
  if (!sig.ok) {
    logs.payment('webhook_unauthorized', { reason: sig.reason });
    throw new DomainError('unauthenticated', `signature ${sig.reason}`);
  }
  return { kind: 'payment' };
}

export const GUARDS: Record<Security, (req: Request, path: string, app: ApiServices) => Promise<Principal>> = {
  none: async () => ({ kind: 'anonymous' }),
  operator,
  vendor,
  ingest,
  // An Authorization header means an operator; anything else must be the source's signature.
  ingestOrOperator: (req, path, app) => (req.get('authorization') ? operator(req) : ingest(req, path, app)),
  payment,
};
