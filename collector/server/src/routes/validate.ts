import { describeIssues, SluiceError } from '@sluice/shared';
import type { z } from 'zod';

/** Parses request input with a zod schema; failures become E_BAD_REQUEST naming the fields. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new SluiceError('E_BAD_REQUEST', `Invalid ${what}: ${describeIssues(result.error)}`);
  return result.data;
}
