/** The one formatter of zod errors: every refusal names the field, as `items[2].quantity`. */
import { z } from 'zod';
import { DomainError } from './errors';

export interface FieldError {
  field: string;
  message: string;
}

/** zod issues as `{ field, message }`; `whole` names the value itself when the path is empty. */
export function fieldErrors(err: z.ZodError, whole = '(input)'): FieldError[] {
  return err.issues.map((i) => ({
    field: i.path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '') || whole,
    message: i.message,
  }));
}

/** The fields as one line: `sku: must not contain "/"; quantity: must be at least 1`. */
export function describe(fields: readonly FieldError[]): string {
  return fields.map((f) => `${f.field}: ${f.message}`).join('; ');
}

/** `value` parsed by `schema`, or bad input (400) naming every field that is wrong. */
export function parseOrRefuse<T>(schema: z.ZodType<T>, value: unknown, whole = '(input)'): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const errors = fieldErrors(r.error, whole);
  throw new DomainError('invalid-argument', describe(errors), { errors });
}
