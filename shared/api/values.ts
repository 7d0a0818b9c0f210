// The value schemas the bridge's inputs are built from (ids, required text,
// amounts, pairs, profile and order ids, times, a base URL, search text), one
// definition each so every area refuses the same input with the same words.
// Internal to shared/api: the entry (shared/desk-api.ts) does not re-export them.
// Pure: no Node or DOM imports.
import { z } from 'zod';
import { PAIR_PATTERN } from '../pairs';
import { SEARCH_TEXT_MAX } from '../search-limits';

export const id = z
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
/** Required text with plain-words messages: `what` names it in a sentence ("the share token"). */
export const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `${what.charAt(0).toUpperCase()}${what.slice(1)} can be at most ${max} characters.`);
/** Amounts cross the bridge as text typed by the operator; main checks places per currency. */
export const amountText = z.string().trim().min(1).max(40);
export const pair = z.string().regex(PAIR_PATTERN, 'Choose a market pair quoted in EUR, such as BTC/EUR.');
export const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Not an environment profile id.');
/** A journal row's id (a random UUID). */
export const orderId = z.uuid('Not an order id.');
export const epochMs = z.number().int().nonnegative();
export const empty = z.object({}).strict();
/** A base URL never carries credentials: they would end up in settings, logs and the audit trail. */
export const baseUrlText = z
  .string()
  .trim()
  .max(300, 'A base URL can be at most 300 characters.')
  .refine(
    (value) => /^https?:\/\/[^/?#@\s]+(?:[/?#]|$)/i.test(value),
    'Enter a URL starting with https:// (or http:// for a local sandbox), without a user name or password.',
  );
export const searchText = z.string().max(SEARCH_TEXT_MAX, `A search is at most ${SEARCH_TEXT_MAX} characters.`);
