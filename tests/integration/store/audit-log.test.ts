import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED, openStore, type Store } from '../../../main/store/sqlite';
import { fakeClock, tempDir, type TempDir } from './temp-store';

let tmp: TempDir;
let store: Store;
const clock = fakeClock();

beforeEach(() => {
  tmp = tempDir();
  store = openStore(tmp.file(), { now: clock.now, osUser: 'operator1' });
});
afterEach(() => {
  store.close();
  tmp.remove();
});

function seed(): void {
  store.audit.append({ action: 'login', summary: 'Signed in to Staging', outcome: 'ok', profileId: 'staging' });
  clock.advance(1000);
  store.audit.append({ action: 'user.create', summary: 'Created user 6 (john@doe.io)', outcome: 'ok', profileId: 'staging' });
  clock.advance(1000);
  store.audit.append({
    action: 'order.buy',
    summary: 'Buy 250.00 EUR of btceur for user 6',
    outcome: 'error',
    profileId: 'staging',
    detail: { reason: 'insufficient funds' },
  });
  clock.advance(1000);
  store.audit.append({
    action: 'order.withdraw',
    summary: 'Withdraw 10.00 EUR, user 6, bank 12',
    outcome: 'ok',
    profileId: 'production',
    osUser: 'operator2',
  });
}

describe('audit log', () => {
  it('appends entries with time, OS user, profile, action, summary and outcome', () => {
    const t = clock.now();
    const e = store.audit.append({ action: 'bank.add', summary: 'Added IBAN DE68…4723 for user 6', outcome: 'ok', profileId: 'staging' });
    expect(e).toEqual({
      id: 1,
      atMs: t,
      osUser: 'operator1',
      profileId: 'staging',
      action: 'bank.add',
      summary: 'Added IBAN DE68…4723 for user 6',
      outcome: 'ok',
      detail: null,
    });
    expect(store.audit.query().rows).toEqual([e]);
  });

  it('never writes a secret passed in detail', () => {
    store.audit.append({
      action: 'login',
      summary: 'Signed in',
      outcome: 'ok',
      detail: {
        email: 'ops@desk.io',
        password: 'Password_123',
        client_secret: '478bGci',
        totp_secret: 'JBSWY3DP',
        security_code: '478291',
        access_token: 'eyJ0eXAi',
      },
    });
    store.audit.append({
      action: 'kyc.import',
      summary: 'Imported KYC for user 6',
      outcome: 'ok',
      detail: { token: 'vYbFMO08Pjt3GSX', userId: 6 },
    });
    const dump = store.audit.exportCsv() + JSON.stringify(store.audit.query().rows);
    expect(dump).not.toMatch(/Password_123|478bGci|JBSWY3DP|478291|eyJ0eXAi|vYbFMO08/);
    expect(store.audit.query({ action: 'kyc.import' }).rows[0]!.detail).toEqual({ token: REDACTED, userId: 6 });
  });

  it('filters by action, outcome, text, profile and time range, newest first', () => {
    seed();
    const actions = (f: Parameters<Store['audit']['query']>[0]): string[] => store.audit.query(f).rows.map((e) => e.action);
    expect(actions({})).toEqual(['order.withdraw', 'order.buy', 'user.create', 'login']);
    expect(actions({ action: 'order.buy' })).toEqual(['order.buy']);
    expect(actions({ outcome: 'error' })).toEqual(['order.buy']);
    expect(actions({ text: 'USER 6' })).toEqual(['order.withdraw', 'order.buy', 'user.create']);
    expect(actions({ text: 'operator2' })).toEqual(['order.withdraw']);
    expect(actions({ profileId: 'staging', outcome: 'ok' })).toEqual(['user.create', 'login']);
    const t0 = clock.now() - 3000;
    expect(actions({ fromMs: t0 + 1000, toMs: t0 + 2000 })).toEqual(['order.buy', 'user.create']);
    expect(store.audit.query({}, { limit: 2, offset: 1 })).toMatchObject({
      total: 4,
      rows: [{ action: 'order.buy' }, { action: 'user.create' }],
    });
    expect(store.audit.count({ outcome: 'ok' })).toBe(3);
  });

  it('exports CSV oldest first with ISO times', () => {
    seed();
    const lines = store.audit.exportCsv({ profileId: 'staging' }).split('\r\n');
    expect(lines[0]).toBe('id,time,os_user,profile,action,summary,outcome,detail');
    expect(lines[1]).toBe(`1,${new Date(clock.now() - 3000).toISOString()},operator1,staging,login,Signed in to Staging,ok,`);
    expect(lines[3]).toContain('"{""reason"":""insufficient funds""}"');
    expect(lines).toHaveLength(5);
  });

  it('rejects an entry without an action or with an unknown outcome', () => {
    expect(() => store.audit.append({ action: '', summary: 'x', outcome: 'ok' })).toThrow(RangeError);
    expect(() => store.audit.append({ action: 'login', summary: 'x', outcome: 'maybe' as 'ok' })).toThrow(RangeError);
  });
});
