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

export function verify(secret: string, header: string | undefined, rawBody: Buffer, nowSeconds: number): SignatureCheck {
  if (!header) return { ok: false, reason: 'missing' };
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isSafeInteger(t) || !v1 || !/^[0-9a-f]{64}$/i.test(v1)) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > WINDOW_SECONDS) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(sign(secret, rawBody, t).split('v1=')[1]!, 'hex');
  const given = Buffer.from(v1, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true, t };
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
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const v2 = parts.get('v2');
  if (v2 === undefined) {
    if (!allowV1) return parts.has('v1') ? { ok: false, reason: 'v2_required' } : { ok: false, reason: 'malformed' };
    const c = verify(secret, header, Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8'), nowSeconds);
    return c.ok ? { ok: true, t: c.t, scheme: 'v1', mac: parts.get('v1')!.toLowerCase() } : c;
  }
  const t = Number(parts.get('t'));
  if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/i.test(v2)) return { ok: false, reason: 'malformed' };
  if (Math.abs(nowSeconds - t) > WINDOW_SECONDS) return { ok: false, reason: 'expired' };
  const expected = createHmac('sha256', secret).update(canonicalRequest(r, t)).digest();
  const given = Buffer.from(v2, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'mismatch' };
  return { ok: true, t, scheme: 'v2', mac: v2.toLowerCase() };
}
