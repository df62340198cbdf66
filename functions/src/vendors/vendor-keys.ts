/**
 * Vendors' push signing keys (`vendorKeys/{keyId}`), sealed at rest under the key-encryption key.
 * A vendor makes a key (or rotates to a new one) itself; the secret is answered once and never
 * again. The previous keys stay valid for a grace period (default 24 h) so a vendor's running
 * integration keeps working while it switches.
 */
import { randomBytes } from 'node:crypto';
import { Firestore, Timestamp } from 'firebase-admin/firestore';
import { C } from '../adapters/collections';
import { KeyEncryption } from '../adapters/key-encryption';
import { DomainError } from '../errors';
import type { VendorCredential, VendorCredentials } from '../ingest/ports';
import * as logs from '../logs';

export const DEFAULT_GRACE_MS = 24 * 3600_000;
/** A vendor never has more than this many keys valid at once (rotations inside the grace period drop the oldest). */
export const MAX_VALID_KEYS = 3;

export interface NewKey {
  keyId: string;
  secret: string;
  createdAt: string;
  /** Until when the keys this one replaced stay valid. */
  previousValidUntil: string | null;
}

export interface KeyInfo {
  keyId: string;
  createdAt: string | null;
  /** null: the current key. */
  retiresAt: string | null;
}

export class VendorKeyStore implements VendorCredentials {
  constructor(
    private readonly db: Firestore,
    private readonly kek: () => KeyEncryption | null,
    private readonly graceMs = DEFAULT_GRACE_MS,
  ) {}

  private encryption(): KeyEncryption {
    const k = this.kek();
    if (!k) throw new DomainError('unavailable', 'vendor keys are not configured (VENDOR_KEY_ENCRYPTION_KEY, at least 32 bytes): fail closed');
    return k;
  }

  /** Creates a key for the vendor; the keys it had retire after the grace period. */
  async rotate(vendorId: string, actor: string, now = Date.now()): Promise<NewKey> {
    const enc = this.encryption();
    const keyId = `vk_${randomBytes(8).toString('hex')}`;
    const secret = randomBytes(32).toString('base64url');
    const sealed = enc.seal(secret, `${vendorId}/${keyId}`);
    const vendorRef = this.db.collection(C.vendors).doc(vendorId);
    const retireAt = Timestamp.fromMillis(now + this.graceMs);
    await this.db.runTransaction(async (tx) => {
      // The vendor document is read in the transaction: two rotations at once serialize on it.
      const vendor = await tx.get(vendorRef);
      if (!vendor.exists) throw new DomainError('not-found', `no vendor ${vendorId}`);
      const valid = (await tx.get(this.db.collection(C.vendorKeys).where('vendorId', '==', vendorId))).docs
        .filter((d) => !d.data().retiresAt || (d.data().retiresAt as Timestamp).toMillis() > now)
        .sort((a, b) => (b.data().createdAt as Timestamp).toMillis() - (a.data().createdAt as Timestamp).toMillis());
      valid.forEach((d, i) => {
        // The newest MAX_VALID_KEYS - 1 stay for the grace period; older ones go now.
        const until = i < MAX_VALID_KEYS - 1 ? retireAt : Timestamp.fromMillis(now);
        if (!d.data().retiresAt || (d.data().retiresAt as Timestamp).toMillis() > until.toMillis()) tx.update(d.ref, { retiresAt: until });
      });
      tx.create(this.db.collection(C.vendorKeys).doc(keyId), { keyId, vendorId, ...sealed, createdAt: Timestamp.fromMillis(now), createdBy: actor, retiresAt: null });
      tx.update(vendorRef, { updatedAt: Timestamp.fromMillis(now) });
    });
    logs.vendor('key_rotated', { vendorId, keyId, actor });
    return { keyId, secret, createdAt: new Date(now).toISOString(), previousValidUntil: new Date(now + this.graceMs).toISOString() };
  }

  /** The vendor's keys, without their secrets. */
  async list(vendorId: string): Promise<KeyInfo[]> {
    const q = await this.db.collection(C.vendorKeys).where('vendorId', '==', vendorId).get();
    return q.docs
      .map((d) => ({ keyId: d.id, createdAt: iso(d.data().createdAt), retiresAt: iso(d.data().retiresAt) }))
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  }

  async credentialOf(source: string, now: number): Promise<VendorCredential | null> {
    const [vendor, keys] = await Promise.all([
      this.db.collection(C.vendors).doc(source).get(),
      this.db.collection(C.vendorKeys).where('vendorId', '==', source).get(),
    ]);
    if (!vendor.exists) return null;
    const enc = this.kek();
    const secrets: string[] = [];
    for (const d of keys.docs) {
      const k = d.data();
      if (k.retiresAt && (k.retiresAt as Timestamp).toMillis() <= now) continue;
      const secret = enc?.open({ sealed: k.sealed, kekId: k.kekId }, `${source}/${d.id}`);
      if (secret) secrets.push(secret);
      else logs.vendor('key_unreadable', { vendorId: source, keyId: d.id });
    }
    return { vendorId: source, status: vendor.data()!.status === 'active' ? 'active' : 'suspended', secrets };
  }
}

function iso(v: unknown): string | null {
  return v instanceof Timestamp ? v.toDate().toISOString() : null;
}
