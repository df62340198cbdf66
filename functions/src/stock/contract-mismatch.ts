/**
 * The external system answered in a contract this connector does not speak (an unknown version,
 * or a changed shape). Not transient and not a malformed row: the sync stops for the connector,
 * with an alert, and applies nothing until the contract matches again.
 */
export class ContractMismatchError extends Error {
  override readonly name = 'ContractMismatchError';
  constructor(
    message: string,
    readonly kind: 'unsupported_version' | 'shape_changed',
    /** The version the page claimed (or was read as). */
    readonly version: string,
  ) {
    super(message);
  }
}
