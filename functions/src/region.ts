/**
 * The one region of the deployment: every function (`setGlobalOptions` in config.ts), the task
 * queues the code enqueues to, and the web app's callable client read it from here.
 */
export const REGION = 'us-central1';
