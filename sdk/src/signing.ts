/**
 * The v2 request signature (docs/ingestion.md): HMAC-SHA256 over the time, the method, the API path,
 * the query string, the source and batch headers and the body, as `t=<unix seconds>,v2=<hex>`.
 * WebCrypto, so it runs in Node 20+ and in browsers alike.
 */
export const SIGNATURE_HEADER = 'x-inventory-signature';
export const SOURCE_HEADER = 'x-inventory-source';
export const BATCH_HEADER = 'x-inventory-batch-id';

export interface SignedRequest {
  method: string;
  /** The API path from `/v1` on (whatever prefix the base URL adds in front). */
  path: string;
  /** The query string exactly as sent, without `?`. */
  query: string;
  headers: { [SOURCE_HEADER]?: string; [BATCH_HEADER]?: string };
  body: Uint8Array;
}

const encoder = new TextEncoder();

export function canonicalRequest(r: SignedRequest, t: number): Uint8Array<ArrayBuffer> {
  const head = [String(t), r.method.toUpperCase(), r.path, r.query, `${SOURCE_HEADER}:${r.headers[SOURCE_HEADER] ?? ''}`, `${BATCH_HEADER}:${r.headers[BATCH_HEADER] ?? ''}`, ''].join('\n');
  const h = encoder.encode(head);
  const out = new Uint8Array(new ArrayBuffer(h.length + r.body.length));
  out.set(h, 0);
  out.set(r.body, h.length);
  return out;
}

export async function signRequest(secret: string, r: SignedRequest, t = Math.floor(Date.now() / 1000)): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, canonicalRequest(r, t)));
  return `t=${t},v2=${[...mac].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** Hex SHA-256 of text: stable batch ids for the same input. */
export async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
}
