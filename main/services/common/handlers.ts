// Helper types for the per-area handler factories: each service returns the
// slice of DeskHandlers it implements, and desk/workspace-desk.ts spreads them into one object
// typed as DeskHandlers — so a method nobody implements is a compile error.
import type { DeskHandlers, DeskMethodName } from '../../../shared/desk-api';

export type HandlersOf<A extends string> = Pick<DeskHandlers, Extract<DeskMethodName, `${A}.${string}`>>;
