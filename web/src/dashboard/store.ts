/**
 * The operator dashboard's shared state: the catalogue's filter and the SKU opened for detail.
 * Panels read and set it here instead of calling each other.
 */
import { Store } from '../store';

export interface CatalogueFilter {
  q: string;
  by: 'sku' | 'name';
  location: string;
  vendor: string;
}

export interface DashboardState {
  filter: CatalogueFilter;
  /** The SKU whose detail is shown (null: none yet). */
  sku: string | null;
}

export const NO_FILTER: CatalogueFilter = { q: '', by: 'sku', location: '', vendor: '' };

export class DashboardStore extends Store<DashboardState> {}
