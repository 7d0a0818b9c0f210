import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../main/store/sqlite';
import { fakeClock, tempDir, type TempDir } from './temp-store';

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

const john = {
  email: 'john@doe.io',
  name: 'John',
  surname: 'Doe',
  phone: '+381631283023',
  date_of_birth: '1963-09-23',
  city: 'Frankfurt',
  status: 'active',
  kyc_status: 'verified',
};

describe('user directory', () => {
  it('caches a fetched profile with its KYC status, status and fetch time', () => {
    const t0 = clock.now();
    const user = store.users.saveProfile('staging', 6, john, { source: 'created' });
    expect(user).toMatchObject({
      profileId: 'staging',
      userId: 6,
      source: 'created',
      email: 'john@doe.io',
      kycStatus: 'verified',
      status: 'active',
      fetchedAtMs: t0,
      firstSeenAtMs: t0,
    });
    expect(user.profile).toEqual(john);

    clock.advance(60_000);
    const updated = store.users.saveProfile('staging', 6, { ...john, kyc_status: 'pending', status: 'disabled' });
    expect(updated.kycStatus).toBe('pending');
    expect(updated.status).toBe('disabled');
    expect(updated.fetchedAtMs).toBe(t0 + 60_000);
    expect(updated.firstSeenAtMs).toBe(t0);
    // Opening again does not downgrade "created".
    expect(updated.source).toBe('created');
  });

  it('keeps users of different environment profiles apart', () => {
    store.users.saveProfile('staging', 6, john);
    store.users.saveProfile('production', 6, { ...john, name: 'Jane' });
    expect(store.users.get('staging', 6)?.name).toBe('John');
    expect(store.users.get('production', 6)?.name).toBe('Jane');
    expect(store.users.get('sandbox', 6)).toBeUndefined();
  });

  it('discovers ids from transactions once, without overwriting known users', () => {
    store.users.saveProfile('staging', 2, john);
    expect(store.users.discover('staging', [2, 3, 3, 4])).toBe(2);
    expect(store.users.discover('staging', [3, 4])).toBe(0);
    expect(store.users.get('staging', 2)?.source).toBe('opened');
    expect(store.users.get('staging', 2)?.email).toBe('john@doe.io');
    expect(store.users.get('staging', 3)).toMatchObject({ source: 'discovered', email: null, profile: null, fetchedAtMs: null });
    expect(store.users.count('staging')).toBe(3);
    // Opening a discovered user upgrades its source.
    store.users.remember('staging', 3, 'opened');
    expect(store.users.get('staging', 3)?.source).toBe('opened');
  });

  it('searches id, name, full name, e-mail and phone case-insensitively, Unicode included', () => {
    store.users.saveProfile('s', 6, john);
    store.users.saveProfile('s', 7, { email: 'zan.novak@kriptomat.io', name: 'Žan', surname: 'Novák', phone: '+38540111222' });
    store.users.saveProfile('s', 16, { email: 'ana@example.com', name: 'Ana', surname: 'Horvat', phone: '+38641000000' });
    store.users.discover('s', [60]);
    const ids = (q: string): number[] => store.users.search('s', q, { orderBy: 'id' }).map((u) => u.userId);
    expect(ids('JOHN')).toEqual([6]);
    expect(ids('john doe')).toEqual([6]);
    expect(ids('žAN')).toEqual([7]);
    expect(ids('NOVÁK')).toEqual([7]);
    expect(ids('@KRIPTOMAT.io')).toEqual([7]);
    expect(ids('38641')).toEqual([16]);
    // An exact id comes first, substrings of other ids follow.
    expect(store.users.search('s', '6', { orderBy: 'id' }).map((u) => u.userId)).toEqual([6, 16, 60]);
    expect(store.users.search('s', '16').map((u) => u.userId)[0]).toBe(16);
    expect(ids('nobody')).toEqual([]);
    expect(ids('  ')).toHaveLength(4);
  });

  it('lists with ordering, direction and paging', () => {
    store.users.saveProfile('s', 3, { ...john, name: 'Cecil', email: 'c@x.io' });
    clock.advance(1000);
    store.users.saveProfile('s', 1, { ...john, name: 'alice', email: 'b@x.io' });
    clock.advance(1000);
    store.users.saveProfile('s', 2, { ...john, name: 'Bob', email: 'a@x.io' });
    store.users.discover('s', [9]);
    const list = (o: Parameters<Store['users']['list']>[1]): number[] => store.users.list('s', o).map((u) => u.userId);
    expect(list({ orderBy: 'recent' })).toEqual([9, 2, 1, 3]);
    expect(list({ orderBy: 'name' })).toEqual([1, 2, 3, 9]);
    expect(list({ orderBy: 'name', direction: 'desc' })).toEqual([3, 2, 1, 9]);
    expect(list({ orderBy: 'email' })).toEqual([2, 1, 3, 9]);
    expect(list({ orderBy: 'id', limit: 2, offset: 1 })).toEqual([2, 3]);
  });

  it('rejects ids that are not positive integers', () => {
    expect(() => store.users.remember('s', 0, 'opened')).toThrow(RangeError);
    expect(() => store.users.discover('s', [1.5])).toThrow(RangeError);
  });
});
