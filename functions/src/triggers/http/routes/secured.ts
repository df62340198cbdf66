/** A secured route's documentation: its scheme, its tag, and the 401 and 403 its guard answers. */
import { ErrorSchema } from '../api-schemas';
import type { RouteDoc } from '../router';

const REFUSALS = {
  operator: {
    401: { description: 'no or invalid operator ID token', json: ErrorSchema },
    403: { description: 'the ID token lacks the admin claim', json: ErrorSchema },
  },
  vendor: {
    401: { description: 'no or invalid ID token', json: ErrorSchema },
    403: { description: 'the ID token has no vendorId claim', json: ErrorSchema },
  },
} as const;

export function secured(security: keyof typeof REFUSALS, tag: RouteDoc['tag']) {
  return (d: Omit<RouteDoc, 'security' | 'tag'>): RouteDoc => ({ ...d, tag, security, responses: { ...d.responses, ...REFUSALS[security] } });
}
