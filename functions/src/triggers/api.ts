/**
 * The `api` HTTPS function: push ingestion, stock reads and job status. Routing and HTTP concerns
 * only; everything else is in ingest/.
 */
import { onRequest, Request } from 'firebase-functions/v2/https';
import type { Response } from 'express';
import { z } from 'zod';
import { SECRETS } from '../config';
import { firestore } from '../adapters/firebase';
import { PubSubIngestQueue } from '../adapters/ingest-queue';
import { IngestError, IngestService } from '../ingest/service';
import { MAX_BODY_BYTES } from '../ingest/schemas';
import { parseCsv } from '../ingest/csv';
import { SIGNATURE_HEADER, verify } from '../ingest/signature';
import { getStock, getStocks, MAX_BULK } from '../ingest/read-api';
import { getAuth } from 'firebase-admin/auth';
import { adminApp } from '../adapters/firebase';
import { config, countApplier, wmsConnector } from '../app';
import { AdjustmentError, approveAdjustment, requestAdjustment } from '../ops/adjustments';
import { EXPORTS, ExportKind, exportCsv } from '../ops/exports';
import { checkInvariants, reconcile } from '../ops/reconcile';
import * as logs from '../logs';

let service: IngestService | undefined;
const ingest = () => (service ??= new IngestService(firestore(), new PubSubIngestQueue()));

const skuParam = z.string().min(1).max(200).regex(/^[^/\s]+$/);

export const ROUTES = [
  { method: 'post', path: '/v1/inventory/sync' },
  { method: 'get', path: '/v1/inventory/{sku}' },
  { method: 'get', path: '/v1/inventory' },
  { method: 'get', path: '/v1/jobs/{jobId}' },
  { method: 'post', path: '/v1/inventory/{sku}/reconcile' },
  { method: 'post', path: '/v1/adjustments/{adjustmentId}/approve' },
  { method: 'post', path: '/v1/reconciliation/run' },
  { method: 'get', path: '/v1/exports/{kind}' },
] as const;

/** Operators authenticate with a Firebase ID token carrying the `admin` custom claim. */
async function operator(req: Request): Promise<string> {
  const m = /^Bearer (.+)$/.exec(req.get('authorization') ?? '');
  if (!m) throw new IngestError(401, 'an operator ID token is required (Authorization: Bearer <token>)');
  let token;
  try {
    token = await getAuth(adminApp()).verifyIdToken(m[1]!);
  } catch {
    throw new IngestError(401, 'invalid ID token');
  }
  if (token.admin !== true) throw new AdjustmentError(403, 'the admin claim is required');
  return token.uid;
}

function send(res: Response, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.set(headers).status(status).json(body);
}

export async function handle(req: Request, res: Response, secret: string): Promise<void> {
  // Behind the Hosting rewrite (/api/**) the path keeps its /api prefix.
  const path = req.path.replace(/^\/api(?=\/)/, '').replace(/\/+$/, '') || '/';
  try {
    if (req.method === 'POST' && path === '/v1/inventory/sync') return await pushSync(req, res, secret);
    if (req.method === 'GET' && path === '/v1/inventory') {
      const raw = typeof req.query.skus === 'string' ? req.query.skus : '';
      const skus = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
      if (!skus.length) return send(res, 400, { error: 'skus is required: ?skus=a,b,c', errors: [{ field: 'skus', message: 'is required' }] });
      if (skus.length > MAX_BULK) return send(res, 400, { error: `at most ${MAX_BULK} skus per request`, errors: [{ field: 'skus', message: `at most ${MAX_BULK}` }] });
      const bad = skus.find((s) => !skuParam.safeParse(s).success);
      if (bad) return send(res, 400, { error: `invalid sku ${bad}`, errors: [{ field: 'skus', message: `invalid sku ${bad}` }] });
      return send(res, 200, await getStocks(firestore(), skus), { 'cache-control': 'no-store' });
    }
    let m = /^\/v1\/inventory\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m) {
      const sku = decodeURIComponent(m[1]!);
      const stock = skuParam.safeParse(sku).success ? await getStock(firestore(), sku) : null;
      return stock ? send(res, 200, stock, { 'cache-control': 'no-store' }) : send(res, 404, { error: `unknown SKU ${sku}` });
    }
    m = /^\/v1\/jobs\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && m) return send(res, 200, await ingest().job(m[1]!));
    m = /^\/v1\/inventory\/([^/]+)\/reconcile$/.exec(path);
    if (req.method === 'POST' && m) {
      const uid = await operator(req);
      return send(res, 200, await requestAdjustment(firestore(), decodeURIComponent(m[1]!), uid, req.body, config().lowStockThreshold));
    }
    m = /^\/v1\/adjustments\/([^/]+)\/approve$/.exec(path);
    if (req.method === 'POST' && m) {
      const uid = await operator(req);
      return send(res, 200, await approveAdjustment(firestore(), m[1]!, uid, config().lowStockThreshold));
    }
    if (req.method === 'POST' && path === '/v1/reconciliation/run') {
      await operator(req);
      const cfg = config();
      const result = await reconcile(firestore(), wmsConnector(cfg), countApplier(cfg), { fix: req.body?.fix !== false, defaultThreshold: cfg.lowStockThreshold, trigger: 'on_demand' });
      const invariants = await checkInvariants(firestore(), cfg.lowStockThreshold);
      return send(res, 200, { ...result, invariants });
    }
    m = /^\/v1\/exports\/([a-z]+)(?:\.csv)?$/.exec(path);
    if (req.method === 'GET' && m) {
      await operator(req);
      const kind = m[1] as ExportKind;
      if (!EXPORTS.includes(kind)) return send(res, 404, { error: `no export ${kind}; one of ${EXPORTS.join(', ')}` });
      const body = await exportCsv(firestore(), kind, typeof req.query.runId === 'string' ? req.query.runId : undefined);
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${kind}.csv"` }).status(200).send(body);
      return;
    }
    if (ROUTES.some((r) => new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))) return send(res, 405, { error: `${req.method} not allowed on ${path}` });
    return send(res, 404, { error: `no route ${req.method} ${path}` });
  } catch (err) {
    if (err instanceof IngestError) return send(res, err.status, { error: err.message, ...err.body }, err.headers);
    if (err instanceof AdjustmentError) return send(res, err.status, { error: err.message, errors: err.errors });
    logs.internalError('api', err, { path });
    return send(res, 500, { error: 'internal error' });
  }
}

async function pushSync(req: Request, res: Response, secret: string): Promise<void> {
  const raw = req.rawBody ?? Buffer.alloc(0);
  const receivedAt = Date.now();
  if (raw.length > MAX_BODY_BYTES) return send(res, 413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
  const sig = verify(secret, req.get(SIGNATURE_HEADER), raw, Math.floor(receivedAt / 1000));
  if (!sig.ok) {
    logs.ingest('unauthorized', { reason: sig.reason });
    return send(res, 401, { error: `signature ${sig.reason}` });
  }
  let payload: unknown;
  const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv') {
    const csv = parseCsv(raw.toString('utf8'));
    const missing = ['op', 'sku', 'locationId', 'onHand', 'seq', 'occurredAt'].filter((c) => !csv.header.includes(c));
    if (missing.length) return send(res, 400, { error: 'malformed CSV', errors: missing.map((c) => ({ field: c, message: 'column is missing' })) });
    if (csv.errors.length) return send(res, 400, { error: 'malformed CSV', errors: csv.errors.map((e) => ({ field: `line ${e.line}`, message: e.message })) });
    payload = { source: req.query.source ?? req.get('x-inventory-source'), batchId: req.query.batchId ?? req.get('x-inventory-batch-id'), updates: csv.rows };
  } else if (type === 'application/json') {
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      return send(res, 400, { error: 'malformed JSON', errors: [{ field: '(body)', message: e instanceof Error ? e.message : 'not JSON' }] });
    }
  } else {
    return send(res, 415, { error: 'Content-Type must be application/json or text/csv' });
  }
  const answer = await ingest().accept(payload, receivedAt);
  return send(res, 202, answer);
}

export const api = onRequest({ secrets: [...SECRETS.ingest, ...SECRETS.wms], cors: false, concurrency: 80, memory: '512MiB', timeoutSeconds: 60 }, async (req, res) => {
  await handle(req, res, config().ingestSigningSecret);
});
