// How one entry of the method table is written: the input's zod schema and a
// phantom marker carrying the result type. Each area's part of the table uses it,
// and methods.ts reads the result type back out of it.
// Internal to shared/api: the entry (shared/desk-api.ts) does not re-export it.
import type { z } from 'zod';

/** A phantom marker carrying a result type; it has no runtime content. */
export interface Returns<R> {
  readonly __result?: R;
}
export function returns<R>(): Returns<R> {
  return {};
}
export function method<I extends z.ZodType, R>(input: I, result: Returns<R>): { input: I; result: Returns<R> } {
  return { input, result };
}
