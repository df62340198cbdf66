/**
 * Envelope encryption of secrets at rest (vendor signing keys): AES-256-GCM under a key derived
 * (HKDF-SHA-256) from the key-encryption key, a Secret Manager secret (`VENDOR_KEY_ENCRYPTION_KEY`).
 * A database export alone reveals nothing; the stored record's id is bound in as associated data,
 * so a ciphertext copied onto another record does not decrypt.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const MIN_KEK_BYTES = 32;

export interface Sealed {
  /** base64: 12-byte IV, ciphertext, 16-byte tag. */
  sealed: string;
  /** Which KEK sealed it (its first 8 hex of a SHA-256 fingerprint), for rotations of the KEK. */
  kekId: string;
}

export class KeyEncryption {
  private readonly key: Buffer;
  readonly kekId: string;

  constructor(kek: string) {
    if (Buffer.byteLength(kek) < MIN_KEK_BYTES) throw new RangeError(`the key-encryption key must be at least ${MIN_KEK_BYTES} bytes`);
    this.key = Buffer.from(hkdfSync('sha256', Buffer.from(kek), Buffer.alloc(0), 'inventory-sync vendor keys v1', 32));
    this.kekId = Buffer.from(hkdfSync('sha256', Buffer.from(kek), Buffer.alloc(0), 'inventory-sync kek id', 4)).toString('hex');
  }

  seal(plaintext: string, aad: string): Sealed {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(aad));
    const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return { sealed: Buffer.concat([iv, body, c.getAuthTag()]).toString('base64'), kekId: this.kekId };
  }

  /** The plaintext, or null when the record was sealed under another KEK, for another id, or tampered with. */
  open(s: Sealed, aad: string): string | null {
    if (s.kekId !== this.kekId) return null;
    const raw = Buffer.from(s.sealed, 'base64');
    if (raw.length < 29) return null;
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      d.setAAD(Buffer.from(aad));
      d.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}
