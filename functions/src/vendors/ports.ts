/** Ports of the vendor capability. */

/** Firebase Auth as vendors need it: a user with the `vendorId` custom claim. */
export interface VendorUsers {
  /** Creates the user (or gives an existing one the claim); answers its uid. */
  grant(input: { email: string; password?: string; displayName?: string }, vendorId: string): Promise<{ uid: string; created: boolean }>;
}
