/** How a Firestore call failed, by gRPC status code: one place names the codes and their meaning. */
export const Code = {
  CANCELLED: 1,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  ALREADY_EXISTS: 6,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export function codeOf(err: unknown): unknown {
  return (err as { code?: unknown } | null)?.code;
}

/**
 * Someone changed what was read (a failed update-time precondition, a create that found the
 * document, an aborted or timed-out transaction): nothing was written, and re-reading may succeed.
 */
export function isConflict(err: unknown): boolean {
  const code = codeOf(err);
  return code === Code.FAILED_PRECONDITION || code === Code.ALREADY_EXISTS || code === Code.ABORTED || code === Code.DEADLINE_EXCEEDED;
}

/**
 * Not applied, try again later: CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, INTERNAL,
 * UNAVAILABLE; and INVALID_ARGUMENT for an expired transaction (the emulator words it
 * "Transaction is invalid or expired", which the client library does not retry).
 */
export function isTransient(err: unknown): boolean {
  const code = codeOf(err);
  if (code === Code.INVALID_ARGUMENT) return /transaction (is invalid or|has) expired/i.test(String((err as { message?: unknown }).message));
  return code === Code.CANCELLED || code === Code.DEADLINE_EXCEEDED || code === Code.RESOURCE_EXHAUSTED || code === Code.ABORTED || code === Code.INTERNAL || code === Code.UNAVAILABLE;
}
