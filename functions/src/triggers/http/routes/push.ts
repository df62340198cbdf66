/** POST /v1/inventory/sync: a signed push batch, JSON or vendor CSV, queued as a job. */
import { MAX_BODY_BYTES } from '../../../ingest/schemas';
import { csvPayload } from '../../../ingest/csv-payload';
import { SIGNATURE_HEADER, verify } from '../../../ingest/signature';
import { config, ingestService } from '../../../app';
import * as logs from '../../../logs';
import { send } from '../errors';
import { Route } from '../router';

export const pushRoutes: Route[] = [
  {
    method: 'post',
    path: '/v1/inventory/sync',
    async handle({ req, res }) {
      const raw = req.rawBody ?? Buffer.alloc(0);
      const receivedAt = Date.now();
      if (raw.length > MAX_BODY_BYTES) return send(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
      const sig = verify(config().ingestSigningSecret, req.get(SIGNATURE_HEADER), raw, Math.floor(receivedAt / 1000));
      if (!sig.ok) {
        logs.ingest('unauthorized', { reason: sig.reason });
        return send(res, 401, { error: `signature ${sig.reason}` });
      }
      let payload: unknown;
      const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type === 'text/csv') {
        payload = csvPayload(raw.toString('utf8'), req.query.source ?? req.get('x-inventory-source'), req.query.batchId ?? req.get('x-inventory-batch-id'));
      } else if (type === 'application/json') {
        try {
          payload = JSON.parse(raw.toString('utf8'));
        } catch (e) {
          return send(res, 400, { error: 'malformed JSON', errors: [{ field: '(body)', message: e instanceof Error ? e.message : 'not JSON' }] });
        }
      } else {
        return send(res, 415, { error: 'Content-Type must be application/json or text/csv' });
      }
      return send(res, 202, await ingestService().accept(payload, receivedAt));
    },
  },
  {
    method: 'get',
    path: '/v1/jobs/{jobId}',
    async handle({ res, params }) {
      send(res, 200, await ingestService().job(params.jobId!));
    },
  },
];
