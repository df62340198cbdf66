/** Operator routes (admin claim): manual adjustments, reconciliation, exports. */
import { firestore } from '../../../adapters/firebase';
import { isEntityId } from '../../../domain/ids';
import { DomainError } from '../../../errors';
import { config, countApplier, wmsConnector } from '../../../app';
import { approveAdjustment, requestAdjustment } from '../../../ops/adjustments';
import { EXPORTS, ExportKind, exportCsv } from '../../../ops/exports';
import { reconcile } from '../../../ops/reconcile';
import { checkInvariants } from '../../../ops/invariants';
import { getStockDetail } from '../../../stock/stock-reads';
import { readSyncHealth } from '../../../sync/sync-state';
import { operatorUid } from '../operator';
import { send } from '../errors';
import { Route } from '../router';

const NO_STORE = { 'cache-control': 'no-store' };

export const opsRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/inventory/{sku}/detail',
    async handle({ req, res, params }) {
      await operatorUid(req);
      const sku = params.sku!;
      if (!isEntityId(sku)) throw new DomainError('invalid-argument', 'sku: is not a SKU id', { errors: [{ field: 'sku', message: 'is not a SKU id' }] });
      const detail = await getStockDetail(firestore(), sku, config().lowStockThreshold);
      if (!detail) throw new DomainError('not-found', `unknown SKU ${sku}`);
      send(res, 200, detail, NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/sync/health',
    async handle({ req, res }) {
      await operatorUid(req);
      send(res, 200, await readSyncHealth(firestore()), NO_STORE);
    },
  },
  {
    method: 'post',
    path: '/v1/inventory/{sku}/reconcile',
    async handle({ req, res, params }) {
      const uid = await operatorUid(req);
      const sku = params.sku!;
      if (!isEntityId(sku)) throw new DomainError('invalid-argument', 'sku: is not a SKU id', { errors: [{ field: 'sku', message: 'is not a SKU id' }] });
      send(res, 200, await requestAdjustment(firestore(), sku, uid, req.body, config().lowStockThreshold));
    },
  },
  {
    method: 'post',
    path: '/v1/adjustments/{adjustmentId}/approve',
    async handle({ req, res, params }) {
      const uid = await operatorUid(req);
      if (!isEntityId(params.adjustmentId!)) throw new DomainError('not-found', 'no such adjustment');
      send(res, 200, await approveAdjustment(firestore(), params.adjustmentId!, uid, config().lowStockThreshold));
    },
  },
  {
    method: 'post',
    path: '/v1/reconciliation/run',
    async handle({ req, res }) {
      await operatorUid(req);
      const cfg = config();
      const result = await reconcile(firestore(), wmsConnector(cfg), countApplier(cfg), { fix: req.body?.fix !== false, defaultThreshold: cfg.lowStockThreshold, trigger: 'on_demand' });
      const invariants = await checkInvariants(firestore(), cfg.lowStockThreshold);
      send(res, 200, { ...result, invariants });
    },
  },
  {
    method: 'get',
    path: '/v1/exports/{kind}',
    async handle({ req, res, params }) {
      await operatorUid(req);
      const kind = params.kind!.replace(/\.csv$/, '') as ExportKind;
      if (!EXPORTS.includes(kind)) throw new DomainError('not-found', `no export ${kind}; one of ${EXPORTS.join(', ')}`);
      const body = await exportCsv(firestore(), kind, typeof req.query.runId === 'string' ? req.query.runId : undefined);
      res.set({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${kind}.csv"` }).status(200).send(body);
    },
  },
];
