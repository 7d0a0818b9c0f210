// The bridge's transactions.* methods: the partner's transactions as the desk
// caches them, with the filter and sort the table, its CSV export and the store
// queries share. Pure: no Node or DOM imports.
import { z } from 'zod';
import { MAX_LIST_PAGE } from '../kriptomat';
import type { CsvExport } from './common';
import { method, returns } from './method';
import { epochMs, id, searchText } from './values';

export const transactionFilterSchema = z
  .object({
    userId: id.optional(),
    type: z.string().max(40).optional(),
    pair: z.string().max(20).optional(),
    state: z.string().max(40).optional(),
    fromMs: epochMs.optional(),
    toMs: epochMs.optional(),
    text: searchText.optional(),
  })
  .strict();
export const transactionSortSchema = z
  .object({
    column: z.enum(['id', 'userId', 'type', 'amount', 'pair', 'price', 'date', 'state', 'fee', 'subtotal', 'total']),
    direction: z.enum(['asc', 'desc']),
  })
  .strict();

export interface TransactionView {
  id: number;
  userId: number;
  type: string;
  amount: string;
  pair: string | null;
  price: string | null;
  date: string;
  state: string;
  fee: string;
  subtotal: string;
  total: string;
}
export interface TransactionPage {
  rows: TransactionView[];
  total: number;
}
export interface SyncResult {
  fetchedPages: number;
  newTransactions: number;
  totalCached: number;
}

export const transactionsMethods = {
  // transactions
  'transactions.sync': method(z.object({ full: z.boolean().optional() }).strict(), returns<SyncResult>()),
  'transactions.query': method(
    z
      .object({
        filter: transactionFilterSchema,
        sort: transactionSortSchema.optional(),
        limit: z.number().int().min(1).max(5000),
        offset: z.number().int().min(0),
      })
      .strict(),
    returns<TransactionPage>(),
  ),
  'transactions.exportCsv': method(
    z.object({ filter: transactionFilterSchema, sort: transactionSortSchema.optional() }).strict(),
    returns<CsvExport>(),
  ),
  'transactions.show': method(z.object({ userId: id, transactionId: id }).strict(), returns<TransactionView>()),
  'transactions.forUser': method(
    z.object({ userId: id, page: z.number().int().min(1).max(MAX_LIST_PAGE).optional() }).strict(),
    returns<TransactionPage>(),
  ),
} as const;
