/**
 * Who may push: the signing secrets and the checks around the signature.
 *
 * `INGEST_SIGNING_SECRET` holds either one secret (every source) or JSON naming secrets per source
 * and a default, each a list so that two are accepted while a key rotates:
 * `{ "*": ["current", "previous"], "erp-eu": ["its own"] }`. A source listed by name signs only
 * with its own secrets. A secret shorter than 32 bytes is not a secret: with none usable the
 * endpoint answers 503 (fail closed), never "anything goes".
 */
import { createHash } from 'node:crypto';
import { SignedRequest, verifyRequest } from '../adapters/hmac-signature';

export const MIN_SECRET_BYTES = 32;

export interface IngestSecrets {
  fallback: string[];
  bySource: Record<string, string[]>;
}

export function parseIngestSecrets(raw: string): IngestSecrets {
  const text = raw.trim();
  if (!text.startsWith('{')) return { fallback: text ? [text] : [], bySource: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { fallback: [], bySource: {} };
  }
  const list = (v: unknown) => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
  const bySource: Record<string, string[]> = {};
  let fallback: string[] = [];
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (k === '*') fallback = list(v);
    else bySource[k] = list(v);
  }
  return { fallback, bySource };
}

function usable(secrets: string[]): string[] {
  return secrets.filter((s) => Buffer.byteLength(s) >= MIN_SECRET_BYTES);
}

export type PushAuth =
  | { ok: true; t: number; mac: string; source: string | null }
  | { ok: false; status: 401 | 503; reason: string };

/**
 * Verifies a push (or a job read) signed for `source` (null: not named; the default secrets
 * apply). `allowV1`: the body-only `v1` scheme is enough (a JSON push with no query string, whose
 * body names its source and batch); anything else must be signed `v2`, over the whole request.
 */
export function authenticate(secrets: IngestSecrets, source: string | null, header: string | undefined, request: SignedRequest, nowSeconds: number, allowV1: boolean): PushAuth {
  const own = source !== null && Object.prototype.hasOwnProperty.call(secrets.bySource, source);
  const candidates = usable(own ? secrets.bySource[source!]! : secrets.fallback);
  if (!candidates.length) return { ok: false, status: 503, reason: `no signing secret of at least ${MIN_SECRET_BYTES} bytes is configured${own ? ` for source ${source}` : ''}` };
  let last = 'mismatch';
  for (const secret of candidates) {
    const r = verifyRequest(secret, header, request, nowSeconds, allowV1);
    if (r.ok) return { ok: true, t: r.t, mac: r.mac, source };
    if (r.reason === 'v2_required') return { ok: false, status: 401, reason: 'signature v2 required: this request carries a query string, a source or batch header, or a non-JSON body, which v1 does not cover' };
    last = r.reason;
    if (r.reason !== 'mismatch') break; // missing, malformed or expired whatever the key
  }
  return { ok: false, status: 401, reason: `signature ${last}` };
}

/** The replay-memory key of a signature: one use per signature within the window. */
export function signatureKey(mac: string): string {
  return createHash('sha256').update(mac).digest('hex').slice(0, 40);
}
