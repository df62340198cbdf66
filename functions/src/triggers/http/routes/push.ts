/** POST /v1/inventory/sync: a signed push batch, JSON or vendor CSV, queued as a job; and job reads. */
import { MAX_BODY_BYTES } from '../../../ingest/schemas';
import { decodePush, pushType } from '../../../ingest/push-request';
import { send } from '../errors';
import { Route } from '../router';
import { BATCH_HEADER, SOURCE_HEADER } from '../guards';
import { AcceptedSchema, DryRunSchema, ErrorSchema, JobSchema, jobPath, pushQuery, ReviewedSchema } from '../api-schemas';
import { reviewInput } from '../../../ingest/service';
import { secured } from './secured';
import { envelopeSchema, rowSchema, MAX_ROWS } from '../../../ingest/schemas';
import { z } from 'zod';

export { SOURCE_HEADER, BATCH_HEADER };

export const pushRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/inventory/sync',
    doc: {
      summary: 'Push a batch of stock counts (JSON or vendor CSV): a small one applied at once, a larger one queued as a job',
      description: `Rows are validated one by one: valid rows are queued, refused rows are listed with their index, field and reason. The same source and batchId answer with the first job (idempotent). At most ${MAX_ROWS} rows and ${MAX_BODY_BYTES} bytes.`,
      tag: 'push',
      security: 'ingest',
      query: pushQuery,
      headers: {
        [SOURCE_HEADER]: { description: 'the source (vendor) the request speaks for; CSV: names the source' },
        [BATCH_HEADER]: { description: 'CSV: the batch id (covered by a v2 signature)' },
        prefer: { description: '`respond-async` (RFC 7240): queue the batch even when it is small enough to apply in the request' },
      },
      body: {
        required: true,
        json: z.object({ ...envelopeSchema.shape, updates: z.array(rowSchema).min(1).max(MAX_ROWS) }).meta({ id: 'SyncBatch' }),
        io: 'output',
        csv: 'a header row `op,sku,locationId,onHand,seq,occurredAt[,reason]`, then one row per update; source and batch id in the query or headers',
      },
      responses: {
        200: { description: '`dryRun=true`: what the batch would do; nothing is stored or applied', json: DryRunSchema },
        202: { description: 'applied (`done`, up to INLINE_PUSH_MAX_ROWS rows), queued, or held for review by the mass-change guard (a vendor batch); or the first job of the same batch', json: AcceptedSchema },
        400: { description: 'a CSV or an envelope that does not validate, naming the field (nothing is queued); a body that is not JSON at all is refused by the platform\'s body parser before the function runs, as text/html', json: ErrorSchema, text: 'text/html' },
        401: { description: 'missing, wrong, expired or replayed signature, or a source other than the one signed (a vendor signs only with its own keys)', json: ErrorSchema },
        403: { description: 'the vendor is suspended: its pushes are refused', json: ErrorSchema },
        413: { description: 'body too large', json: ErrorSchema },
        415: { description: 'neither application/json nor text/csv', json: ErrorSchema },
        429: { description: 'too many batches from this source; retry after `retry-after` seconds', json: ErrorSchema },
        503: { description: 'ingestion is not configured (no signing secret): fail closed', json: ErrorSchema },
      },
    },
    async handle({ req, res, principal, query, app }) {
      const receivedAt = Date.now();
      const signed = principal.kind === 'source' ? principal : null;
      const payload = decodePush(req.rawBody ?? Buffer.alloc(0), pushType(req.get('content-type')), { source: req.query.source ?? req.get(SOURCE_HEADER), batchId: req.query.batchId ?? req.get(BATCH_HEADER) }, signed?.source ?? null);
      // RFC 7240: `Prefer: respond-async` asks for the queue even for a small batch.
      const queued = /\brespond-async\b/i.test(req.get('prefer') ?? '');
      const opts = { receivedAt, vendorId: signed?.vendorId ?? null, ...(query.mode ? { mode: query.mode as 'update' | 'replace' } : {}), ...(queued ? { inline: false } : {}) };
      if (query.dryRun === 'true') return send(res, 200, await app.ingest().preview(payload, opts));
      send(res, 202, await app.ingest().accept(payload, opts));
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
    /** The source's credentials (a v2-signed GET naming the source) or an operator: the guard said which. */
    async handle({ res, params, principal, app }) {
      const owner = principal.kind === 'source' ? { source: principal.source } : {};
      send(res, 200, await app.ingest().job(params.jobId!, owner));
    },
  },
  {
    method: 'post',
    path: '/v1/jobs/{jobId}/review',
    doc: secured('operator', 'push')({
      summary: 'Confirm or discard a batch the mass-change guard held (an operator, for any vendor)',
      params: jobPath,
      body: { required: true, json: reviewInput },
      responses: {
        200: { description: 'confirmed (queued to apply exactly as it would have) or discarded', json: ReviewedSchema },
        400: { description: 'a decision other than confirm or discard', json: ErrorSchema },
        404: { description: 'no such job', json: ErrorSchema },
        409: { description: 'the job is not held for review (`state`)', json: ErrorSchema },
      },
    }),
    async handle({ req, res, params, uid, app }) {
      send(res, 200, await app.ingest().review(params.jobId!, req.body, uid));
    },
  },
];
