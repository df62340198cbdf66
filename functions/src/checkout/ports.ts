/** Ports of the checkout use cases. */
export interface ExpiryScheduler {
  /** Arranges for `expireReservation(reservationId)` to run at `expiresAt` (epoch ms). */
  schedule(reservationId: string, expiresAt: number): Promise<void>;
}
