/** What operators and vendors send about vendors: validated at every edge, errors name the field. */
import { z } from 'zod';
import { sourceId } from '../domain/ids';

export const VENDOR_STATUSES = ['active', 'suspended'] as const;
export type VendorStatus = (typeof VENDOR_STATUSES)[number];
export const STALE_FEED_POLICIES = ['keep_selling', 'stop_selling'] as const;

const email = z.email({ error: 'must be an e-mail address' });

/** A vendor id is a push source id (it names the source of its pushes) and never holds "~". */
export const vendorIdSchema = sourceId;

export const vendorInput = z
  .object({
    vendorId: vendorIdSchema,
    name: z.string({ error: 'must be a string' }).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    feedCadenceMinutes: z.number({ error: 'must be an integer' }).int('must be an integer').min(1, 'must be >= 1').max(10_080, 'must be at most 10080 (a week)').default(15),
    contactEmails: z.array(email).max(10, 'at most 10 addresses').default([]),
    lowStockThreshold: z.number({ error: 'must be an integer' }).int('must be an integer').min(0, 'must be >= 0').max(1_000_000, 'must be at most 1000000').default(2),
    staleFeedPolicy: z.enum(STALE_FEED_POLICIES, { error: `must be one of ${STALE_FEED_POLICIES.join(', ')}` }).default('keep_selling'),
  })
  .strict()
  .meta({ id: 'VendorInput' });
export type VendorInput = z.infer<typeof vendorInput>;

export const vendorUserInput = z
  .object({
    email,
    password: z.string().min(8, 'must be at least 8 characters').max(128).optional().describe('omit for a user who signs in another way (a password reset link)'),
    displayName: z.string().max(200).optional(),
  })
  .strict()
  .meta({ id: 'VendorUserInput' });
export type VendorUserInput = z.infer<typeof vendorUserInput>;

export const vendorStatusInput = z
  .object({
    status: z.enum(VENDOR_STATUSES, { error: `must be one of ${VENDOR_STATUSES.join(', ')}` }),
    reason: z.string().max(500).optional(),
  })
  .strict()
  .meta({ id: 'VendorStatusInput' });

export interface Vendor {
  vendorId: string;
  name: string;
  status: VendorStatus;
  feedCadenceMinutes: number;
  contactEmails: string[];
  lowStockThreshold: number;
  staleFeedPolicy: (typeof STALE_FEED_POLICIES)[number];
  createdAt: string | null;
  updatedAt: string | null;
  lastFeedAt: string | null;
}
