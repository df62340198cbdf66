/** GET /v1/inventory/{sku} and GET /v1/inventory?skus=…: stock as storefronts see it, with freshness. */
import { firestore } from '../../../adapters/firebase';
import { isEntityId } from '../../../domain/ids';
import { DomainError } from '../../../errors';
import { getStock, getStocks, MAX_BULK } from '../../../stock/stock-reads';
import { send } from '../errors';
import { Route } from '../router';

const NO_STORE = { 'cache-control': 'no-store' };

function invalid(message: string): DomainError {
  return new DomainError('invalid-argument', message, { errors: [{ field: 'skus', message }] });
}

export const stockRoutes: Route[] = [
  {
    method: 'get',
    path: '/v1/inventory',
    async handle({ req, res }) {
      const raw = typeof req.query.skus === 'string' ? req.query.skus : '';
      const skus = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
      if (!skus.length) throw new DomainError('invalid-argument', 'skus is required: ?skus=a,b,c', { errors: [{ field: 'skus', message: 'is required' }] });
      if (skus.length > MAX_BULK) throw invalid(`at most ${MAX_BULK} skus per request`);
      const bad = skus.find((s) => !isEntityId(s));
      if (bad !== undefined) throw invalid(`invalid sku ${bad}`);
      send(res, 200, await getStocks(firestore(), skus), NO_STORE);
    },
  },
  {
    method: 'get',
    path: '/v1/inventory/{sku}',
    async handle({ res, params }) {
      const sku = params.sku!;
      if (!isEntityId(sku)) throw new DomainError('invalid-argument', `sku: ${JSON.stringify(sku)} is not a SKU id`, { errors: [{ field: 'sku', message: 'is not a SKU id' }] });
      const stock = await getStock(firestore(), sku);
      if (!stock) throw new DomainError('not-found', `unknown SKU ${sku}`);
      send(res, 200, stock, NO_STORE);
    },
  },
];
