/** POST /v1/inventory/sync: a signed push batch, JSON or vendor CSV, queued as a job. */
import type { Request } from 'firebase-functions/v2/https';
import { MAX_BODY_BYTES } from '../../../ingest/schemas';
import { csvPayload } from '../../../ingest/csv-payload';
import { SIGNATURE_HEADER, SignedRequest, WINDOW_SECONDS } from '../../../ingest/signature';
import { authenticate, parseIngestSecrets, signatureKey } from '../../../ingest/credentials';
import { firestore } from '../../../adapters/firebase';
import { firstUse } from '../../../adapters/replay-guard';
import { config, ingestService } from '../../../app';
import { DomainError } from '../../../errors';
import * as logs from '../../../logs';
import { send } from '../errors';
import { operatorUid } from '../operator';
import { Route } from '../router';
import { AcceptedSchema, ErrorSchema, JobSchema, jobPath, pushQuery } from '../api-schemas';
import { envelopeSchema, rowSchema, MAX_ROWS } from '../../../ingest/schemas';
import { z } from 'zod';

export const SOURCE_HEADER = 'x-inventory-source';
export const BATCH_HEADER = 'x-inventory-batch-id';

/** The source a request speaks for, before it is trusted: header, query, or the JSON body's field. */
function claimedSource(req: Request, raw: Buffer, type: string): string | null {
  const named = req.get(SOURCE_HEADER) ?? (typeof req.query.source === 'string' ? req.query.source : undefined);
  if (named) return named;
  if (type !== 'application/json') return null;
  try {
    const source = (JSON.parse(raw.toString('utf8')) as { source?: unknown }).source;
    return typeof source === 'string' ? source : null;
  } catch {
    return null;
  }
}

/** The request as a `v2` signature covers it. */
function signedRequest(req: Request, path: string, body: Buffer): SignedRequest {
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

export const pushRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/inventory/sync',
    doc: {
      summary: 'Push a batch of stock counts (JSON or vendor CSV), queued as a job',
      description: `Rows are validated one by one: valid rows are queued, refused rows are listed with their index, field and reason. The same source and batchId answer with the first job (idempotent). At most ${MAX_ROWS} rows and ${MAX_BODY_BYTES} bytes.`,
      tag: 'push',
      security: 'ingest',
      query: pushQuery,
      headers: {
        [SOURCE_HEADER]: { description: 'the source (vendor) the request speaks for; CSV: names the source' },
        [BATCH_HEADER]: { description: 'CSV: the batch id (covered by a v2 signature)' },
      },
      body: {
        required: true,
        json: z.object({ ...envelopeSchema.shape, updates: z.array(rowSchema).min(1).max(MAX_ROWS) }).meta({ id: 'SyncBatch' }),
        io: 'output',
        csv: 'a header row `op,sku,locationId,onHand,seq,occurredAt[,reason]`, then one row per update; source and batch id in the query or headers',
      },
      responses: {
        202: { description: 'queued (or already queued: the first job)', json: AcceptedSchema },
        400: { description: 'a CSV or an envelope that does not validate, naming the field (nothing is queued); a body that is not JSON at all is refused by the platform\'s body parser before the function runs, as text/html', json: ErrorSchema, text: 'text/html' },
        401: { description: 'missing, wrong, expired or replayed signature, or a source other than the one signed', json: ErrorSchema },
        413: { description: 'body too large', json: ErrorSchema },
        415: { description: 'neither application/json nor text/csv', json: ErrorSchema },
        429: { description: 'too many batches from this source; retry after `retry-after` seconds', json: ErrorSchema },
        503: { description: 'ingestion is not configured (no signing secret): fail closed', json: ErrorSchema },
      },
    },
    async handle({ req, res, path }) {
      const raw = req.rawBody ?? Buffer.alloc(0);
      const receivedAt = Date.now();
      if (raw.length > MAX_BODY_BYTES) return send(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const source = claimedSource(req, raw, type);
      const signed = signedRequest(req, path, raw);
      // v1 (the body alone) is enough only when the body is all the server acts on.
      const bodyOnly = type === 'application/json' && signed.query === '' && signed.headers[BATCH_HEADER] === undefined;
      const auth = authenticate(parseIngestSecrets(config().ingestSigningSecret), source, req.get(SIGNATURE_HEADER), signed, Math.floor(receivedAt / 1000), bodyOnly);
      if (!auth.ok) {
        logs.ingest(auth.status === 503 ? 'unconfigured' : 'unauthorized', { reason: auth.reason, source });
        return send(res, auth.status, { error: auth.reason });
      }
      // A captured request replayed within the window (under any batch id or query) is refused.
      if (!(await firstUse(firestore(), signatureKey(auth.mac), auth.t, WINDOW_SECONDS))) {
        logs.ingest('unauthorized', { reason: 'replayed', source });
        return send(res, 401, { error: 'signature replayed: each signed request is accepted once' });
      }
      let payload: unknown;
      if (type === 'text/csv') {
        payload = csvPayload(raw.toString('utf8'), req.query.source ?? req.get(SOURCE_HEADER), req.query.batchId ?? req.get(BATCH_HEADER));
      } else if (type === 'application/json') {
        try {
          payload = JSON.parse(raw.toString('utf8'));
        } catch (e) {
          return send(res, 400, { error: 'malformed JSON', errors: [{ field: '(body)', message: e instanceof Error ? e.message : 'not JSON' }] });
        }
      } else {
        return send(res, 415, { error: 'Content-Type must be application/json or text/csv' });
      }
      const bodySource = (payload as { source?: unknown } | null)?.source;
      if (source !== null && bodySource !== undefined && bodySource !== source) return send(res, 401, { error: `the request is signed for source ${source}, not ${String(bodySource)}` });
      return send(res, 202, await ingestService().accept(payload, receivedAt));
    },
  },
  {
    method: 'get',
    path: '/v1/jobs/{jobId}',
    doc: {
      summary: "A push job's state and counts",
      description: `With the source's credentials (\`${SOURCE_HEADER}\` and a v2 signature over the GET) or an operator ID token.`,
      tag: 'push',
      security: 'ingestOrOperator',
      params: jobPath,
      headers: { [SOURCE_HEADER]: { description: 'the source that pushed the job (with a v2 signature)' } },
      responses: {
        200: { description: 'the job', json: JobSchema },
        401: { description: 'no or bad credentials', json: ErrorSchema },
        403: { description: 'an ID token without the admin claim', json: ErrorSchema },
        404: { description: "no such job (or another source's)", json: ErrorSchema },
        503: { description: 'ingestion is not configured', json: ErrorSchema },
      },
    },
    /** The source's credentials (a v2-signed GET naming the source) or an operator. */
    async handle({ req, res, params, path }) {
      if (req.get('authorization')) {
        await operatorUid(req);
        return send(res, 200, await ingestService().job(params.jobId!));
      }
      const source = req.get(SOURCE_HEADER) ?? null;
      if (!source) throw new DomainError('unauthenticated', `a job is read with its source's signature (${SOURCE_HEADER} and a v2 ${SIGNATURE_HEADER} over the GET request) or an operator ID token`);
      const auth = authenticate(parseIngestSecrets(config().ingestSigningSecret), source, req.get(SIGNATURE_HEADER), signedRequest(req, path, Buffer.alloc(0)), Math.floor(Date.now() / 1000), false);
      if (!auth.ok) return send(res, auth.status, { error: auth.reason });
      const job = await ingestService().job(params.jobId!);
      if (job.source !== source) throw new DomainError('not-found', 'no such job');
      send(res, 200, job);
    },
  },
];
