/** Push ingestion's request signature: the shared HMAC scheme under its own header and secret. */
export { sign, signRequest, verify, verifyRequest, WINDOW_SECONDS } from '../adapters/hmac-signature';
export type { SignatureCheck, SignedRequest } from '../adapters/hmac-signature';

export const SIGNATURE_HEADER = 'x-inventory-signature';
