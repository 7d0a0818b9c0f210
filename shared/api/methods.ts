// The one place the method table is assembled from each area's part, in the
// order the areas have always been listed (deskMethodNames keeps it), and the
// types read out of it: a method's input before and after its schema, its
// result, and the handlers main must provide. Pure: no Node or DOM imports.
import type { z } from 'zod';
import { approvalsMethods } from './approvals';
import { auditMethods } from './audit';
import { banksMethods } from './banks';
import { marketMethods } from './market';
import type { Returns } from './method';
import { ordersMethods } from './orders';
import { sessionMethods } from './session';
import { settingsMethods } from './settings';
import { transactionsMethods } from './transactions';
import { usersMethods } from './users';
import { workspaceMethods } from './workspace';

export const deskMethods = {
  ...sessionMethods,
  ...usersMethods,
  ...banksMethods,
  ...marketMethods,
  ...ordersMethods,
  ...transactionsMethods,
  ...auditMethods,
  ...approvalsMethods,
  ...workspaceMethods,
  ...settingsMethods,
} as const;

export type DeskMethods = typeof deskMethods;
export type DeskMethodName = keyof DeskMethods;
export type DeskInput<M extends DeskMethodName> = z.input<DeskMethods[M]['input']>;
export type DeskParsedInput<M extends DeskMethodName> = z.output<DeskMethods[M]['input']>;
export type DeskOutput<M extends DeskMethodName> = DeskMethods[M]['result'] extends Returns<infer R> ? R : never;
export const deskMethodNames = Object.keys(deskMethods) as DeskMethodName[];

/** Implementations main must provide: a missing handler is a compile error. */
export type DeskHandlers = { [M in DeskMethodName]: (input: DeskParsedInput<M>) => Promise<DeskOutput<M>> };
