import type { z } from 'zod';
import type { transactionFilterSchema } from '../../../../shared/desk-api';
import { safePairLabel, typeLabels } from '../../components/transaction-cells';
import { dayEndMs, dayStartMs, type TransactionFilterDraft } from '../../state/transactions';

export type TransactionFilter = z.input<typeof transactionFilterSchema>;

/** The typed filter draft as the bridge's filter, plus a message per unusable field. */
export function toTransactionFilter(draft: TransactionFilterDraft): {
  filter: TransactionFilter;
  problems: Partial<Record<keyof TransactionFilterDraft, string>>;
} {
  const filter: TransactionFilter = {};
  const problems: Partial<Record<keyof TransactionFilterDraft, string>> = {};
  const userId = draft.userId.trim();
  if (userId !== '') {
    if (/^[1-9]\d{0,9}$/.test(userId) && Number(userId) <= 2 ** 31 - 1) filter.userId = Number(userId);
    else problems.userId = 'A user id is a whole number such as 12.';
  }
  if (draft.type) filter.type = draft.type;
  if (draft.pair) filter.pair = draft.pair;
  if (draft.state) filter.state = draft.state;
  const from = draft.from ? dayStartMs(draft.from) : undefined;
  const to = draft.to ? dayEndMs(draft.to) : undefined;
  if (from !== undefined) filter.fromMs = from;
  if (to !== undefined) filter.toMs = to;
  if (from !== undefined && to !== undefined && from > to) problems.to = 'The end date is before the start date.';
  if (draft.text.trim()) filter.text = draft.text.trim();
  return { filter, problems };
}

/** The filters in force, in words for an empty result: "User ID 999", "Type Buy", "Search “abc”". */
export function activeFilterWords(draft: TransactionFilterDraft): string[] {
  const words: string[] = [];
  if (draft.userId.trim()) words.push(`User ID ${draft.userId.trim()}`);
  if (draft.type) words.push(`Type ${typeLabels[draft.type] ?? draft.type}`);
  if (draft.pair) words.push(`Pair ${safePairLabel(draft.pair)}`);
  if (draft.state) words.push(`State ${draft.state}`);
  if (draft.from) words.push(`From ${draft.from}`);
  if (draft.to) words.push(`To ${draft.to}`);
  if (draft.text.trim()) words.push(`Search “${draft.text.trim()}”`);
  return words;
}
