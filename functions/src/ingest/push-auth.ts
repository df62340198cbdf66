/**
 * Who is pushing: the signature of a push (or a job read) checked against the right keys, the
 * replay memory, and a vendor's standing. A source that is a vendor (`vendors/{source}`) signs only
 * with its own keys, made in the vendor panel; any other source with the configured secrets
 * (`INGEST_SIGNING_SECRET`: the WMS, ERP feeds). Routes get the principal; they never check a
 * signature themselves.
 */
import { DomainError } from '../errors';
import { sourceId } from '../domain/ids';
import { authenticate, IngestSecrets, signatureKey } from './credentials';
import { SignedRequest, WINDOW_SECONDS } from './signature';
import { ReplayGuard, VendorCredentials } from './ports';
import * as logs from '../logs';

export interface PushClaim {
  /** The source the request says it speaks for (header, query or body), before it is trusted. */
  source: string | null;
  signature: string | undefined;
  request: SignedRequest;
  nowSeconds: number;
  /** The body-only v1 scheme is enough (a JSON push with no query and no batch header). */
  allowV1: boolean;
  /** A push (each signature is accepted once), not a read. */
  consume: boolean;
}

/** A source whose signature checked out; `vendorId` when the source is a vendor. */
export interface SourcePrincipal {
  kind: 'source';
  source: string | null;
  vendorId: string | null;
}

export class PushAuthenticator {
  constructor(
    private readonly deps: {
      secrets: () => IngestSecrets;
      vendors: VendorCredentials;
      replay: ReplayGuard;
    },
  ) {}

  async authenticate(c: PushClaim): Promise<SourcePrincipal> {
    // Only a well-formed source id can name a vendor (a malformed one is refused later, naming the field).
    const vendor = c.source === null || !sourceId.safeParse(c.source).success ? null : await this.deps.vendors.credentialOf(c.source, c.nowSeconds * 1000);
    if (vendor && vendor.status !== 'active' && c.consume) {
      logs.ingest('unauthorized', { reason: 'vendor_suspended', source: c.source });
      throw new DomainError('permission-denied', `vendor ${vendor.vendorId} is suspended: its pushes are refused until an operator reactivates it`);
    }
    const secrets: IngestSecrets = vendor ? { fallback: [], bySource: { [vendor.vendorId]: vendor.secrets } } : this.deps.secrets();
    const auth = authenticate(secrets, c.source, c.signature, c.request, c.nowSeconds, c.allowV1);
    if (!auth.ok) {
      const reason = vendor && !vendor.secrets.length ? `vendor ${vendor.vendorId} has no signing key yet: create one in the vendor panel or with POST /v1/vendor/keys` : auth.reason;
      logs.ingest(auth.status === 503 && !vendor ? 'unconfigured' : 'unauthorized', { reason, source: c.source });
      throw new DomainError(auth.status === 503 && !vendor ? 'unavailable' : 'unauthenticated', reason);
    }
    // A captured request replayed within the window (under any batch id or query) is refused.
    if (c.consume && !(await this.deps.replay.firstUse(signatureKey(auth.mac), auth.t, WINDOW_SECONDS))) {
      logs.ingest('unauthorized', { reason: 'replayed', source: c.source });
      throw new DomainError('unauthenticated', 'signature replayed: each signed request is accepted once');
    }
    return { kind: 'source', source: c.source, vendorId: vendor?.vendorId ?? null };
  }
}
