import { z } from 'zod';

/** A zod error as { field, message } pairs; `whole` names the value itself when the path is empty. */
export function issueFields(err: z.ZodError, whole: string): { field: string; message: string }[] {
  return err.issues.map((i) => ({ field: i.path.join('.') || whole, message: i.message }));
}
