import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decimalText } from '../../../shared/money';
import {
  apiDateMs,
  openStore,
  type ApiTransaction,
  type CachedTransaction,
  type Store,
  type TransactionFilter,
  type TransactionSort,
} from '../../../main/store/sqlite';
import { fakeClock, tempDir, type TempDir } from './temp-store';
import { syntheticTransactions } from './transaction-fixtures';

const REFERENCE: ApiTransaction[] = [
  {
    id: 128,
    user_id: 2,
    type: 'buy',
    amount: 0.0623414132,
    pair: 'btceur',
    price: 2341.67,
    date: '2018-11-27T13:46:22.658',
    state: 'success',
    fee: 2,
    subtotal: 98,
    total: 100,
  },
  {
    id: 472,
    user_id: 2,
    type: 'fiat_deposit',
    amount: 99,
    pair: null,
    price: null,
    date: '2018-11-27T13:46:23.100',
    state: 'success',
    fee: 1,
    subtotal: 99,
    total: 100,
  },
  {
    id: 628,
    user_id: 3,
    type: 'fiat_withdrawal',
    amount: 100,
    pair: null,
    price: null,
    date: '2018-11-28T08:00:00.000',
    state: 'pending',
    fee: 1,
    subtotal: 100,
    total: 99,
  },
  {
    id: 700,
    user_id: 4,
    type: 'sell',
    amount: 0.1,
    pair: 'etheur',
    price: 9.5,
    date: '2018-11-29T10:00:00.000',
    state: 'success',
    fee: 0.3,
    subtotal: 0.65,
    total: 0.95,
  },
];

describe('transaction cache', () => {
  let tmp: TempDir;
  let store: Store;
  const clock = fakeClock();
  beforeEach(() => {
    tmp = tempDir();
    store = openStore(tmp.file(), { now: clock.now });
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('stores API numbers as exact decimal text and discovers their users', () => {
    expect(store.transactions.upsert('staging', REFERENCE)).toEqual({ added: 4, updated: 0 });
    expect(store.transactions.get('staging', 128)).toEqual({
      id: 128,
      userId: 2,
      type: 'buy',
      amount: '0.0623414132',
      pair: 'btceur',
      price: '2341.67',
      date: '2018-11-27T13:46:22.658',
      dateMs: Date.UTC(2018, 10, 27, 13, 46, 22, 658),
      state: 'success',
      fee: '2',
      subtotal: '98',
      total: '100',
    });
    expect(store.transactions.get('staging', 700)).toMatchObject({ amount: '0.1', fee: '0.3', subtotal: '0.65', total: '0.95' });
    expect(store.transactions.get('staging', 472)).toMatchObject({ pair: null, price: null });
    expect(store.users.list('staging', { orderBy: 'id' }).map((u) => [u.userId, u.source])).toEqual([
      [2, 'discovered'],
      [3, 'discovered'],
      [4, 'discovered'],
    ]);
    expect(store.transactions.has('staging', 128)).toBe(true);
    expect(store.transactions.has('staging', 129)).toBe(false);
    expect(store.transactions.has('production', 128)).toBe(false);
  });

  it('refreshes a row whose state changed and reports it as updated', () => {
    store.transactions.upsert('s', REFERENCE);
    expect(
      store.transactions.upsert('s', [
        { ...REFERENCE[2]!, state: 'success' },
        { ...REFERENCE[0]!, id: 900 },
      ]),
    ).toEqual({ added: 1, updated: 1 });
    expect(store.transactions.get('s', 628)?.state).toBe('success');
    expect(store.transactions.count('s')).toBe(5);
  });

  it('tells which ids are known, for the incremental refresh', () => {
    store.transactions.upsert('s', REFERENCE);
    expect([...store.transactions.knownIds('s', [128, 129, 700, 5])].sort((a, b) => a - b)).toEqual([128, 700]);
    expect(store.transactions.knownIds('s', [])).toEqual(new Set());
    expect(store.transactions.knownIds('other', [128]).size).toBe(0);
  });

  it('filters by user, type, pair, state, date range and free text', () => {
    store.transactions.upsert('s', REFERENCE);
    const ids = (f: TransactionFilter): number[] => store.transactions.query('s', f).rows.map((t) => t.id);
    expect(ids({})).toEqual([700, 628, 472, 128]);
    expect(ids({ userId: 2 })).toEqual([472, 128]);
    expect(ids({ type: 'buy' })).toEqual([128]);
    expect(ids({ type: ['buy', 'sell'] })).toEqual([700, 128]);
    expect(ids({ pair: 'etheur' })).toEqual([700]);
    expect(ids({ state: 'pending' })).toEqual([628]);
    expect(ids({ fromMs: apiDateMs('2018-11-27T13:46:23.100'), toMs: apiDateMs('2018-11-28T08:00:00.000') })).toEqual([628, 472]);
    expect(ids({ text: 'ETH' })).toEqual([700]);
    expect(ids({ text: '2341.67' })).toEqual([128]);
    expect(ids({ text: 'fiat', userId: 3 })).toEqual([628]);
    expect(store.transactions.count('s', { userId: 2 })).toBe(2);
    expect(store.transactions.query('s', { userId: 2 }, { limit: 1 })).toMatchObject({ total: 2, rows: [{ id: 472 }] });
  });

  it('sorts amounts by value, not as text, in both directions, nulls last', () => {
    store.transactions.upsert('s', REFERENCE);
    const ids = (sort: TransactionSort): number[] => store.transactions.query('s', {}, { sort }).rows.map((t) => t.id);
    expect(ids({ column: 'amount', direction: 'asc' })).toEqual([128, 700, 472, 628]);
    expect(ids({ column: 'amount', direction: 'desc' })).toEqual([628, 472, 700, 128]);
    expect(ids({ column: 'price', direction: 'asc' })).toEqual([700, 128, 472, 628]);
    expect(ids({ column: 'userId', direction: 'desc' })).toEqual([700, 628, 472, 128]);
    expect(() => ids({ column: 'nope' as 'id', direction: 'asc' })).toThrow(RangeError);
  });

  it('reads a date with a zone or a space, and survives an unreadable one', () => {
    expect(apiDateMs('2018-11-27 13:46:22')).toBe(Date.UTC(2018, 10, 27, 13, 46, 22));
    expect(apiDateMs('2018-11-27T13:46:22+01:00')).toBe(Date.UTC(2018, 10, 27, 12, 46, 22));
    expect(apiDateMs('yesterday')).toBe(0);
  });

  it('exports RFC 4180 CSV with a formula guard on hostile text', () => {
    store.transactions.upsert('s', [
      ...REFERENCE,
      {
        id: 801,
        user_id: 5,
        type: '=HYPERLINK("http://evil","x")',
        amount: 1,
        pair: null,
        price: null,
        date: '2018-12-01T00:00:00.000',
        state: 'odd, "quoted"\nstate',
        fee: 0,
        subtotal: 1,
        total: 1,
      },
    ]);
    const csv = store.transactions.exportCsv('s', {}, { column: 'id', direction: 'asc' });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('id,user_id,type,amount,pair,price,date,state,fee,subtotal,total');
    expect(lines[1]).toBe('128,2,buy,0.0623414132,btceur,2341.67,2018-11-27T13:46:22.658,success,2,98,100');
    expect(lines[2]).toBe('472,2,fiat_deposit,99,,,2018-11-27T13:46:23.100,success,1,99,100');
    expect(csv).toContain(`801,5,"'=HYPERLINK(""http://evil"",""x"")",1,,,2018-12-01T00:00:00.000,"odd, ""quoted""\nstate",0,1,1\r\n`);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(store.transactions.exportCsv('s', { userId: 2 }).split('\r\n')).toHaveLength(4);
  });

  it('remembers whether a scope was synced completely, and clears per profile', () => {
    expect(store.transactions.syncState('s', 'all')).toBeUndefined();
    store.transactions.setSyncState('s', 'all', false);
    expect(store.transactions.syncState('s', 'all')).toEqual({ complete: false, syncedAtMs: clock.now() });
    clock.advance(1000);
    store.transactions.setSyncState('s', 'all', true);
    expect(store.transactions.syncState('s', 'all')).toEqual({ complete: true, syncedAtMs: clock.now() });
    store.transactions.upsert('s', REFERENCE);
    store.transactions.upsert('p', REFERENCE);
    store.transactions.clear('s');
    expect(store.transactions.count('s')).toBe(0);
    expect(store.transactions.syncState('s', 'all')).toBeUndefined();
    expect(store.transactions.count('p')).toBe(4);
  });
});

describe('transaction cache with 100,000 rows', () => {
  let tmp: TempDir;
  let store: Store;
  const data = syntheticTransactions(100_000);
  const expected = data.map((t) => ({
    ...t,
    amount: decimalText(t.amount!),
    dateMs: apiDateMs(t.date),
    total: decimalText(t.total!),
    price: t.price === null ? null : decimalText(t.price!),
  }));

  beforeAll(() => {
    tmp = tempDir();
    store = openStore(tmp.file());
    for (let i = 0; i < data.length; i += 10_000) store.transactions.upsert('staging', data.slice(i, i + 10_000));
  }, 120_000);
  afterAll(() => {
    store.close();
    tmp.remove();
  });

  /** The same filter written out in plain JavaScript. */
  function reference(f: TransactionFilter): typeof expected {
    return expected.filter((t) => {
      if (f.userId !== undefined && t.user_id !== f.userId) return false;
      if (typeof f.type === 'string' && t.type !== f.type) return false;
      if (typeof f.pair === 'string' && t.pair !== f.pair) return false;
      if (typeof f.state === 'string' && t.state !== f.state) return false;
      if (f.fromMs !== undefined && t.dateMs < f.fromMs) return false;
      if (f.toMs !== undefined && t.dateMs > f.toMs) return false;
      return true;
    });
  }

  const byDateDesc = (a: { dateMs: number; id: number }, b: { dateMs: number; id: number }): number => b.dateMs - a.dateMs || b.id - a.id;
  const idsOf = (rows: readonly CachedTransaction[]): number[] => rows.map((t) => t.id);

  it('holds every row', () => {
    expect(store.transactions.count('staging')).toBe(100_000);
    expect(store.users.count('staging')).toBe(500);
  });

  it.each<[string, TransactionFilter]>([
    ['one user', { userId: 77 }],
    ['type and state', { type: 'sell', state: 'pending' }],
    ['pair in a date range', { pair: 'etheur', fromMs: Date.UTC(2024, 0, 20), toMs: Date.UTC(2024, 1, 10) }],
    ['user, type and range', { userId: 123, type: 'buy', fromMs: Date.UTC(2024, 0, 10) }],
    ['nothing matches', { userId: 9999 }],
  ])('filters %s exactly like a full scan', (_name, filter) => {
    const want = reference(filter).sort(byDateDesc);
    const got = store.transactions.query('staging', filter, { limit: -1 });
    expect(got.total).toBe(want.length);
    expect(idsOf(got.rows)).toEqual(want.map((t) => t.id));
  });

  it('pages through a sorted filter with limit and offset', () => {
    const filter: TransactionFilter = { type: 'buy', state: 'success' };
    const want = reference(filter)
      .sort((a, b) => Number(a.amount) - Number(b.amount) || a.id - b.id)
      .map((t) => t.id);
    const page = (offset: number): number[] =>
      idsOf(store.transactions.query('staging', filter, { sort: { column: 'amount', direction: 'asc' }, limit: 50, offset }).rows);
    expect(page(0)).toEqual(want.slice(0, 50));
    expect(page(5000)).toEqual(want.slice(5000, 5050));
  });

  it('finds free text across the cache', () => {
    const got = store.transactions.query('staging', { text: '2024-01-05T10:1' }, { limit: -1 });
    const want = expected.filter((t) => t.date.includes('2024-01-05T10:1'));
    expect(want.length).toBeGreaterThan(0);
    expect(got.total).toBe(want.length);
  });

  it('answers a filtered page quickly by using its indexes', () => {
    const started = performance.now();
    for (let i = 0; i < 20; i++) store.transactions.query('staging', { userId: 1 + i, type: 'buy' }, { limit: 100 });
    // A generous bound: 20 indexed queries; a full scan per query would take far longer on any machine.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
