import type { z } from 'zod';
import type { transactionFilterSchema } from '../../../../shared/desk-api';
import { utcDayEndMs, utcDayStartMs, type TransactionFilterDraft } from '../../state/transactions';

export type TransactionFilter = z.input<typeof transactionFilterSchema>;

/** The typed filter draft as the bridge's filter, plus a message per unusable field. */
export function toTransactionFilter(draft: TransactionFilterDraft): { filter: TransactionFilter; problems: Partial<Record<keyof TransactionFilterDraft, string>> } {
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
  const from = draft.from ? utcDayStartMs(draft.from) : undefined;
  const to = draft.to ? utcDayEndMs(draft.to) : undefined;
  if (from !== undefined) filter.fromMs = from;
  if (to !== undefined) filter.toMs = to;
  if (from !== undefined && to !== undefined && from > to) problems.to = 'The end date is before the start date.';
  if (draft.text.trim()) filter.text = draft.text.trim();
  return { filter, problems };
}
