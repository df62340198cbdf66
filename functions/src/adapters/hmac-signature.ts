/**
 * Signed requests, as webhook providers sign them: a header `t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + rawBody)>`. Constant-time comparison; a signature older (or newer)
 * than the window is refused. Push ingestion (`X-Inventory-Signature`) and the payment webhook
 * (`X-Payment-Signature`) use it, each with its own secret.
 *
 * `v1` covers only the body. `v2` covers the whole request as the server acts on it (see
 * `canonicalRequest`): the method, the API path, the raw query string, the headers that name the
 * source and the batch, and the body; push ingestion requires it for anything outside a JSON body.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WINDOW_SECONDS = 300;

export function sign(secret: string, rawBody: Buffer | string, t: number): string {
  const mac = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest('hex');
  return `t=${t},v1=${mac}`;
}

export type SignatureCheck = { ok: true; t: number } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' };

function headerParts(header: string): Map<string, string> {
  return new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
}

/** One scheme's check: a well-formed hex MAC, a timestamp within the window, then the MAC itself. */
function checkMac(t: number, given: string | undefined, nowSeconds: number, expected: (t: number) => Buffer): SignatureCheck {
  if (!Number.isSafeInteger(t) || !given || !/^[0-9a-f]{64}$/i.test(given)) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > WINDOW_SECONDS) return { ok: false, reason: 'expired' };
  const want = expected(t);
  const got = Buffer.from(given, 'hex');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: 'mismatch' };
  return { ok: true, t };
}

export function verify(secret: string, header: string | undefined, rawBody: Buffer, nowSeconds: number): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = headerParts(header);
  return checkMac(Number(parts.get('t')), parts.get('v1'), nowSeconds, (t) => createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest());
}

/** The parts of a request a `v2` signature covers. */
export interface SignedRequest {
  method: string;
  /** The API path, from `/v1` on (whatever prefix a proxy or the emulator adds in front). */
  path: string;
  /** The query string exactly as sent, without the `?` (empty when none). */
  query: string;
  /** Covered headers by lower-case name (absent ones sign as empty). */
  headers: Record<string, string | undefined>;
  body: Buffer | string;
}

export const V2_HEADERS = ['x-inventory-source', 'x-inventory-batch-id'] as const;

/** `t`, METHOD, path, query, then each covered header as `name:value`, one per line, then the body. */
export function canonicalRequest(r: SignedRequest, t: number): Buffer {
  const head = [String(t), r.method.toUpperCase(), r.path, r.query, ...V2_HEADERS.map((h) => `${h}:${r.headers[h] ?? ''}`), ''].join('\n');
  return Buffer.concat([Buffer.from(head, 'utf8'), Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8')]);
}

export function signRequest(secret: string, r: SignedRequest, t: number): string {
  return `t=${t},v2=${createHmac('sha256', secret).update(canonicalRequest(r, t)).digest('hex')}`;
}

export type RequestCheck = { ok: true; t: number; scheme: 'v1' | 'v2'; mac: string } | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch' | 'v2_required' };

/**
 * A `v2` signature when the header has one; else `v1`, only if `allowV1` (the request carries
 * nothing the server acts on outside its body).
 */
export function verifyRequest(secret: string, header: string | undefined, r: SignedRequest, nowSeconds: number, allowV1: boolean): RequestCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = headerParts(header);
  const v2 = parts.get('v2');
  if (v2 === undefined) {
    if (!allowV1) return parts.has('v1') ? { ok: false, reason: 'v2_required' } : { ok: false, reason: 'malformed' };
    const c = verify(secret, header, Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8'), nowSeconds);
    return c.ok ? { ok: true, t: c.t, scheme: 'v1', mac: parts.get('v1')!.toLowerCase() } : c;
  }
  const c = checkMac(Number(parts.get('t')), v2, nowSeconds, (t) => createHmac('sha256', secret).update(canonicalRequest(r, t)).digest());
  return c.ok ? { ok: true, t: c.t, scheme: 'v2', mac: v2.toLowerCase() } : c;
}
