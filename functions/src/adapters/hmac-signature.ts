/**
 * Signed requests, as webhook providers sign them: a header `t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + rawBody)>`. Constant-time comparison; a signature older (or newer)
 * than the window is refused. Push ingestion (`X-Inventory-Signature`) and the payment webhook
 * (`X-Payment-Signature`) use it, each with its own secret.
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
