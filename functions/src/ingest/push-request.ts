/**
 * A push request's body as a batch: content negotiation (JSON or CSV), the size cap, and the rule
 * that a body may not name a source other than the one that signed it.
 */
import { DomainError } from '../errors';
import { csvPayload } from './csv-payload';
import { MAX_BODY_BYTES } from './schemas';

export type PushType = 'application/json' | 'text/csv';

/** The media type of a Content-Type header, or null when it is neither JSON nor CSV. */
export function pushType(contentType: string | undefined): PushType | null {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return t === 'application/json' || t === 'text/csv' ? t : null;
}

/** The source a request speaks for, before it is trusted: header or query, or the JSON body's field. */
export function claimedSource(named: string | undefined, raw: Buffer, type: PushType | null): string | null {
  if (named) return named;
  if (type !== 'application/json') return null;
  try {
    const source = (JSON.parse(raw.toString('utf8')) as { source?: unknown }).source;
    return typeof source === 'string' ? source : null;
  } catch {
    return null;
  }
}

/**
 * The batch payload of a push body. `source` and `batchId` name the CSV's envelope (header or
 * query); a JSON body carries its own, which must be the signed source.
 */
export function decodePush(raw: Buffer, type: PushType | null, envelope: { source: unknown; batchId: unknown }, signedSource: string | null): unknown {
  if (raw.length > MAX_BODY_BYTES) throw new DomainError('payload-too-large', `body larger than ${MAX_BODY_BYTES} bytes`);
  if (type === null) throw new DomainError('unsupported-media-type', 'Content-Type must be application/json or text/csv');
  if (type === 'text/csv') return csvPayload(raw.toString('utf8'), envelope.source, envelope.batchId);
  let payload: unknown;
  try {
    payload = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new DomainError('invalid-argument', 'malformed JSON', { errors: [{ field: '(body)', message: e instanceof Error ? e.message : 'not JSON' }] });
  }
  const bodySource = (payload as { source?: unknown } | null)?.source;
  if (signedSource !== null && bodySource !== undefined && bodySource !== signedSource) {
    throw new DomainError('unauthenticated', `the request is signed for source ${signedSource}, not ${String(bodySource)}`);
  }
  return payload;
}
