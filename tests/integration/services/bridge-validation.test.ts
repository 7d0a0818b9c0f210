// Every bridge method refuses malformed input with a clear error before its
// handler runs: the real desk's handlers behind the real dispatcher, and the
// sandbox's state unchanged afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskMethodNames, type DeskMethodName } from '../../../shared/desk-api';
import type { DeskHarness } from './harness';
import { startDesk } from './harness';

/** Inputs that are wrong for every method: not an object, or an object with a field no method has. */
const GENERIC_BAD: unknown[] = [undefined, null, 42, 'text', [], { unexpectedField: true }];

/** Per method: inputs wrong in a way specific to its fields. */
const SPECIFIC_BAD: Record<DeskMethodName, unknown[]> = {
  'session.status': [{ profileId: 'x' }],
  'session.signIn': [{ force: true }],
  'session.signOut': [{ now: 1 }],
  'session.submitTotp': [{}, { code: '12345' }, { code: 123456 }, { code: '12345a' }, { code: '1234567' }],
  'profiles.list': [{ all: true }],
  'profiles.select': [{}, { profileId: 'Not An Id' }, { profileId: '' }, { profileId: 5 }],
  'profiles.addCustom': [
    { name: 'x' },
    { name: '', baseUrl: 'https://a.example' },
    { name: 'x', baseUrl: 'not a url' },
    { name: 'x'.repeat(61), baseUrl: 'https://a.example' },
    { name: 'x', baseUrl: 'https://operator:Hunter2pass@evil.example/v1' },
    { name: 'x', baseUrl: 'ftp://a.example' },
  ],
  'profiles.remove': [{ profileId: '../etc' }],
  'profiles.credentials': [{ profileId: null }],
  'profiles.saveCredentials': [
    { email: 'a@b.c' },
    { profileId: 'staging', email: 'not-an-email' },
    { profileId: 'staging', clientId: -1 },
    { profileId: 'staging', password: '' },
    { profileId: 'staging', token: 'x' },
  ],
  'users.directory': [{ query: 5 }, { query: 'x'.repeat(201) }],
  'users.open': [{}, { userId: 0 }, { userId: -3 }, { userId: 1.5 }, { userId: '1' }, { userId: 2 ** 31 }],
  'users.create': [
    { email: 'a@b.c', name: 'A', surname: 'B' },
    { email: '', name: 'A', surname: 'B', phone: '1' },
    { email: 'a@b.c', name: 'A', surname: 'B', phone: '1', status: 'active' },
  ],
  'users.update': [
    { userId: 1, email: 'a@b.c', name: 'A', surname: 'B', phone: '1' },
    { userId: 1, email: 'a@b.c', name: 'A', surname: 'B', phone: '1', status: 'banned' },
  ],
  'kyc.import': [{ userId: 4 }, { userId: 4, token: '' }, { userId: 4, token: 'x'.repeat(501) }],
  'banks.list': [{ userId: 'one' }],
  'banks.view': [{ userId: 1 }, { userId: 1, bankId: 0 }],
  'banks.add': [{ userId: 1 }, { userId: 1, iban: '' }, { userId: 1, iban: 12 }],
  'banks.remove': [{ userId: 1, bankId: null }],
  'deposit.instructions': [{ userId: null }],
  'market.pairs': [{ pair: 'btceur' }],
  'market.currencies': [{ code: 'btc' }],
  'market.latest': [{ pairs: [] }],
  'market.health': [{ profileId: 'local' }],
  'market.retryNow': [{ now: true }],
  'market.history': [
    { pair: 'btceur', fromMs: 0 },
    { pair: 'BTC/EUR', fromMs: 0, toMs: 1 },
    { pair: 'btcusd', fromMs: 0, toMs: 1 },
    { pair: 'btceur', fromMs: -1, toMs: 1 },
    { pair: 'btceur', fromMs: 0, toMs: 1, maxPoints: 9 },
    { pair: 'btceur', fromMs: 0, toMs: 1, maxPoints: 5001 },
  ],
  'balances.user': [{}],
  'balances.master': [{ currency: 'btc' }],
  'orders.place': [
    { userId: 1, side: 'buy', pair: 'btceur', amount: '20' },
    { profileId: 'Local Sandbox', userId: 1, side: 'buy', pair: 'btceur', amount: '20' },
    { profileId: 'local-sandbox', userId: 1, side: 'buy', pair: 'btceur' },
    { profileId: 'local-sandbox', userId: 1, side: 'hold', pair: 'btceur', amount: '20' },
    { profileId: 'local-sandbox', userId: 1, side: 'buy', pair: 'btceur', amount: 20 },
    { profileId: 'local-sandbox', userId: 1, side: 'buy', pair: 'btc', amount: '20' },
    { profileId: 'local-sandbox', userId: 1, side: 'buy', pair: 'btceur', amount: '' },
    { profileId: 'local-sandbox', userId: 1, side: 'buy', pair: 'btceur', amount: '20', overrideLimit: 'yes' },
    { profileId: 'local-sandbox', userId: 1, side: 'buy', pair: 'btceur', amount: '20', idempotency_key: 'mine' },
  ],
  'orders.withdraw': [
    { userId: 1, bankAccountId: 1, amount: '20' },
    { profileId: 'local-sandbox', userId: 1, amount: '20' },
    { profileId: 'local-sandbox', userId: 1, bankAccountId: '1', amount: '20' },
    { profileId: 'local-sandbox', userId: 1, bankAccountId: 0, amount: '20' },
    { profileId: 'local-sandbox', userId: 0, bankAccountId: 1, amount: '20' },
    { profileId: 'local-sandbox', userId: 1, bankAccountId: 1, amount: 'x'.repeat(41) },
  ],
  'orders.list': [{ limit: 0 }, { limit: 501 }, { userId: 0 }],
  'orders.cancelHeld': [{}, { orderId: 'o1' }, { orderId: 5 }, { orderId: '0b5c9c3e-3f4b-4d3c-9a51-5f0e6f5a9a10', reason: 'x' }],
  'orders.reviewCandidates': [{}, { orderId: 'o1' }, { orderId: 5 }],
  'orders.settle': [
    { orderId: '0b5c9c3e-3f4b-4d3c-9a51-5f0e6f5a9a10' },
    { orderId: '0b5c9c3e-3f4b-4d3c-9a51-5f0e6f5a9a10', outcome: 'maybe' },
    { orderId: '0b5c9c3e-3f4b-4d3c-9a51-5f0e6f5a9a10', outcome: 'booked' },
    { orderId: '0b5c9c3e-3f4b-4d3c-9a51-5f0e6f5a9a10', outcome: 'booked', transactionId: 0 },
    { orderId: '0b5c9c3e-3f4b-4d3c-9a51-5f0e6f5a9a10', outcome: 'not_booked', transactionId: 12 },
    { orderId: 'not-an-id', outcome: 'not_booked' },
  ],
  'transactions.sync': [{ full: 'yes' }],
  'transactions.query': [
    { filter: {}, limit: 10 },
    { filter: {}, limit: 0, offset: 0 },
    { filter: { userId: 'x' }, limit: 10, offset: 0 },
    { filter: { sql: '1=1' }, limit: 10, offset: 0 },
    { filter: {}, sort: { column: 'secret', direction: 'asc' }, limit: 10, offset: 0 },
    { filter: {}, limit: 10, offset: -1 },
  ],
  'transactions.exportCsv': [{}, { filter: { text: 'x'.repeat(201) } }],
  'transactions.show': [{ userId: 1 }, { userId: 1, transactionId: -5 }],
  'transactions.forUser': [
    { userId: 1, page: 0 },
    { page: 1 },
    { userId: 1, page: 2147483648 },
    { userId: 1, page: 1_000_001 },
    { userId: 0 },
  ],
  'audit.query': [
    { filter: {}, limit: 10 },
    { filter: { outcome: 'maybe' }, limit: 10, offset: 0 },
  ],
  'audit.exportCsv': [{ filter: { action: 5 } }],
  'audit.verify': [{ full: true }],
  'workspace.status': [{ kind: 'team' }],
  'workspace.get': [{ password: 'x' }],
  'workspace.test': [
    {},
    { config: { host: 'db.example', port: 5432, database: 'kd', user: 'alice', tlsMode: 'require' }, password: '' },
    { config: { host: '', port: 5432, database: 'kd', user: 'alice', tlsMode: 'require' } },
    { config: { host: 'db.example/x', port: 5432, database: 'kd', user: 'alice', tlsMode: 'require' } },
    { config: { host: 'db.example', port: 0, database: 'kd', user: 'alice', tlsMode: 'require' } },
    { config: { host: 'db.example', port: 65536, database: 'kd', user: 'alice', tlsMode: 'require' } },
    { config: { host: 'db.example', port: 5432, database: 'k d', user: 'alice', tlsMode: 'require' } },
    { config: { host: 'db.example', port: 5432, database: 'kd', user: "alice'; --", tlsMode: 'require' } },
    { config: { host: 'db.example', port: 5432, database: 'kd', user: 'alice', tlsMode: 'disable' } },
    { config: { host: 'db.example', port: 5432, database: 'kd', user: 'alice', tlsMode: 'verify-full', caFile: 'ca.pem' } },
    { config: { host: 'db.example', port: 5432, database: 'kd', user: 'alice', tlsMode: 'require', caFile: '/etc/ssl/ca.pem' } },
    { config: { host: 'db.example', port: 5432, database: 'kd', user: 'alice', tlsMode: 'prefer' } },
    { config: { host: 'db.example', port: 5432, database: 'kd', user: 'alice', tlsMode: 'require', password: 'in-the-config' } },
  ],
  'workspace.switch': [
    {},
    { kind: 'cloud' },
    { kind: 'solo', config: { host: 'db.example' } },
    { kind: 'team' },
    {
      kind: 'team',
      config: { host: '10.0.0.5', port: 5432, database: 'kd', user: 'alice', tlsMode: 'disable' },
      password: 'pw-0123456789',
    },
  ],
  'settings.get': [{ theme: 'dark' }],
  'settings.update': [
    { pollingIntervalSeconds: 0 },
    { pollingIntervalSeconds: 301 },
    { pollingIntervalSeconds: 2.5 },
    { perOrderLimitEur: '10,000' },
    { perOrderLimitEur: 10000 },
    { retypeAtBalancePercent: 0 },
    { retypeAtBalancePercent: 101 },
    { retypeAtBalancePercent: 50.5 },
    { retypeAtBalancePercent: '50' },
    { withdrawHoldHours: -1 },
    { withdrawHoldHours: 169 },
    { withdrawHoldHours: 1.5 },
    { withdrawHoldHours: '24' },
    // The hold is the policy's now (policy.update): settings no longer take it.
    { withdrawHoldHours: 2 },
    { theme: 'neon' },
    { activeProfileId: 'production' },
  ],
  'policy.get': [{ workspace: 'team' }],
  'policy.update': [
    { withdrawHoldHours: -1 },
    { withdrawHoldHours: 169 },
    { withdrawHoldHours: '24' },
    { rateMovePercent: 2 },
    { rateMovePercent: '100' },
    { rateMovePercent: '2.555' },
    { removeRules: [0] },
    { removeRules: ['1'] },
    {
      saveRules: [
        {
          action: 'transfer',
          thresholdEur: null,
          newAccountHours: null,
          approvalsNeeded: 1,
          expirySeconds: 86_400,
          enabled: true,
          position: 0,
        },
      ],
    },
    {
      saveRules: [
        {
          action: 'buy',
          thresholdEur: '10,000',
          newAccountHours: null,
          approvalsNeeded: 1,
          expirySeconds: 86_400,
          enabled: true,
          position: 0,
        },
      ],
    },
    {
      saveRules: [
        { action: 'buy', thresholdEur: null, newAccountHours: null, approvalsNeeded: 4, expirySeconds: 86_400, enabled: true, position: 0 },
      ],
    },
    {
      saveRules: [
        { action: 'buy', thresholdEur: null, newAccountHours: null, approvalsNeeded: 1, expirySeconds: 0, enabled: true, position: 0 },
      ],
    },
    { saveRules: [{ action: 'buy', thresholdEur: null, newAccountHours: null, approvalsNeeded: 1, expirySeconds: 86_400, enabled: true }] },
    // Past the team database's own limits (shared/policy-limits.ts): 13 digits, a year and an hour, 30 days and a second.
    {
      saveRules: [
        {
          action: 'buy',
          thresholdEur: '1234567890123',
          newAccountHours: null,
          approvalsNeeded: 1,
          expirySeconds: 86_400,
          enabled: true,
          position: 0,
        },
      ],
    },
    {
      saveRules: [
        {
          action: 'withdraw',
          thresholdEur: null,
          newAccountHours: 8761,
          approvalsNeeded: 1,
          expirySeconds: 86_400,
          enabled: true,
          position: 0,
        },
      ],
    },
    {
      saveRules: [
        {
          action: 'buy',
          thresholdEur: null,
          newAccountHours: null,
          approvalsNeeded: 1,
          expirySeconds: 2_592_001,
          enabled: true,
          position: 0,
        },
      ],
    },
    {
      saveRules: [
        { action: 'buy', thresholdEur: null, newAccountHours: null, approvalsNeeded: 1, expiryHours: 24, enabled: true, position: 0 },
      ],
    },
    {
      saveRules: [
        { action: 'buy', thresholdEur: null, newAccountHours: null, approvalsNeeded: 1, expirySeconds: 0, enabled: true, position: 0 },
      ],
    },
    {
      saveRules: [
        { action: 'buy', thresholdEur: null, newAccountHours: null, approvalsNeeded: 1, expirySeconds: 90.5, enabled: true, position: 0 },
      ],
    },
    {
      saveRules: [
        {
          action: 'buy',
          thresholdEur: null,
          newAccountHours: null,
          approvalsNeeded: 1,
          expirySeconds: '86400',
          enabled: true,
          position: 0,
        },
      ],
    },
    // No expiry, or an expiry in another unit than seconds.
    { saveRules: [{ action: 'buy', thresholdEur: null, newAccountHours: null, approvalsNeeded: 1, enabled: true, position: 0 }] },
    { perOrderLimitEur: '100.00' },
  ],
  'approvals.list': [{ states: [] }, { states: ['open'] }, { limit: 0 }, { limit: 501 }, { mine: true }],
  'approvals.decide': [
    {},
    { orderId: 'not-a-uuid', decision: 'approve' },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', decision: 'maybe' },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', decision: 'reject' },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', decision: 'reject', reason: '   ' },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', decision: 'approve', reason: 'fine' },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', decision: 'approve', confirmRate: 61000 },
  ],
  'approvals.withdraw': [
    {},
    { orderId: 'not-a-uuid', reason: 'Wrong amount' },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f' },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', reason: '   ' },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', reason: 'x'.repeat(501) },
    { orderId: '6f1c2b9e-0c5e-4c1e-9a43-2a3b4c5d6e7f', reason: 'Wrong amount', decision: 'reject' },
  ],
};

describe('bridge input validation', () => {
  let h: DeskHarness;
  beforeAll(async () => {
    h = await startDesk();
  });
  afterAll(async () => {
    await h.close();
  });

  it('has malformed inputs listed for every method', () => {
    expect(Object.keys(SPECIFIC_BAD).sort()).toEqual([...deskMethodNames].sort());
  });

  it('refuses every malformed input of every method with invalid_input, naming the method and the field', async () => {
    const before = await h.state();
    const auditBefore = (await h.call('audit.query', { filter: {}, limit: 1, offset: 0 })).total;
    const settingsBefore = await h.call('settings.get', {});
    let checked = 0;
    for (const method of deskMethodNames) {
      for (const input of [...GENERIC_BAD, ...SPECIFIC_BAD[method]]) {
        const result = await h.raw(method, input);
        const label = `${method} ${JSON.stringify(input)}`;
        expect(result.ok, label).toBe(false);
        if (result.ok) continue;
        expect(result.error.kind, label).toBe('invalid_input');
        expect(result.error.message, label).toContain(method);
        expect(Object.keys(result.error.fieldErrors ?? {}).length, label).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(deskMethodNames.length * GENERIC_BAD.length);
    const after = await h.state();
    expect(after.transactions.length).toBe(before.transactions.length);
    expect(after.users.length).toBe(before.users.length);
    expect((await h.call('audit.query', { filter: {}, limit: 1, offset: 0 })).total).toBe(auditBefore);
    expect(await h.call('settings.get', {})).toEqual(settingsBefore);
  });

  it('refuses an unknown method name', async () => {
    const result = await h.raw('users.list', {});
    expect(result).toMatchObject({ ok: false, error: { kind: 'invalid_input' } });
    expect((await h.raw('__proto__', {})).ok).toBe(false);
    expect((await h.raw('constructor', {})).ok).toBe(false);
  });
});
