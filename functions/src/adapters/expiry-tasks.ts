/** Hold expiry timers as Cloud Tasks for the `expireReservation` task-queue function. */
import { getFunctions } from 'firebase-admin/functions';
import { adminApp } from './firebase';
import { ExpiryScheduler } from '../checkout/ports';
import { REGION } from '../region';

export const EXPIRY_FUNCTION = 'expireReservation';

export class TaskQueueExpiryScheduler implements ExpiryScheduler {
  constructor(private readonly region = REGION) {}

  async schedule(reservationId: string, expiresAt: number): Promise<void> {
    const queue = getFunctions(adminApp()).taskQueue(`locations/${this.region}/functions/${EXPIRY_FUNCTION}`);
    try {
      await queue.enqueue(
        { reservationId, dueAt: expiresAt },
        // A deterministic task id: scheduling the same deadline twice creates one task.
        { scheduleTime: new Date(expiresAt + 250), id: `exp-${reservationId}-${expiresAt}` },
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'functions/task-already-exists') return;
      throw err;
    }
  }
}
