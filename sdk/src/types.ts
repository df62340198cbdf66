/** The SDK's types, from the API's own (src/api-types.ts is generated from docs/openapi.json). */
import type { components } from './api-types.js';

type Schemas = components['schemas'];

/** One row of a vendor's batch: its own code for the offer, a location and a count, and optionally the offer's attributes. */
export interface VendorUpdate {
  op: 'upsert' | 'delete';
  /** The vendor's own code for the offer (or the offer id). */
  sku: string;
  locationId: string;
  onHand?: number;
  seq: number;
  occurredAt: string;
  reason?: string;
  productId?: string;
  condition?: 'MT' | 'NM' | 'EX' | 'GD' | 'LP' | 'PL' | 'PO';
  language?: string;
  foil?: boolean;
  signed?: boolean;
  price?: { amount: number; currency: string };
}

export type Accepted = Schemas['Accepted'];
export type DryRun = Schemas['DryRun'];
export type Job = Schemas['Job'];
export type FeedDiff = Schemas['FeedDiff'];
export type RowError = Schemas['RowError'];
