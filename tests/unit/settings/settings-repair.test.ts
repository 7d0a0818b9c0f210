import { describe, expect, it } from 'vitest';
import { redactUnknownKeys, REMOVED_MARKER, repairSettings } from '../../../main/settings/settings-repair';
import { defaultSettings, settingsSchema } from '../../../main/settings/settings-schema';

const custom = { id: 'custom-abc123', name: 'Proxy', kind: 'custom', baseUrl: 'https://proxy.example.com/v1' };

describe('repairSettings', () => {
  it('returns defaults without warnings for an empty object (an older, partial file)', () => {
    expect(repairSettings({})).toEqual({ settings: defaultSettings(), warnings: [] });
  });

  it('has the documented defaults', () => {
    expect(defaultSettings()).toEqual({
      version: 1,
      activeProfileId: 'local-sandbox',
      pollingIntervalSeconds: 5,
      perOrderLimitEur: '10000.00',
      retypeAtBalancePercent: 50,
      withdrawHoldHours: 0,
      theme: 'auto',
      window: null,
      customProfiles: [],
      profileAccounts: {},
      workspace: { kind: 'solo' },
    });
    expect(settingsSchema.safeParse(defaultSettings()).success).toBe(true);
  });

  it('keeps every valid field', () => {
    const raw = {
      version: 1,
      activeProfileId: custom.id,
      pollingIntervalSeconds: 30,
      perOrderLimitEur: '250.5',
      retypeAtBalancePercent: 25,
      withdrawHoldHours: 24,
      theme: 'dark',
      window: { x: -1200, y: 40, width: 1280, height: 800, maximized: true },
      customProfiles: [custom],
      profileAccounts: { staging: { email: 'ops@example.com', clientId: 42 }, [custom.id]: {} },
      workspace: { kind: 'team', config: { host: '::1', port: 5433, database: 'kd', user: 'ops', tlsMode: 'disable' } },
    };
    const { settings, warnings } = repairSettings(raw);
    expect(warnings).toEqual([]);
    expect(settings).toEqual({ ...raw, perOrderLimitEur: '250.50' });
  });

  it('replaces only the invalid fields, with one warning each', () => {
    const { settings, warnings } = repairSettings({
      pollingIntervalSeconds: 0,
      perOrderLimitEur: 'lots',
      retypeAtBalancePercent: 0,
      withdrawHoldHours: 169,
      theme: 'neon',
      window: { x: 0, y: 0, width: 10, height: 10, maximized: false },
      activeProfileId: 'staging',
    });
    expect(settings).toEqual({ ...defaultSettings(), activeProfileId: 'staging' });
    expect(warnings).toHaveLength(6);
    for (const field of ['pollingIntervalSeconds', 'perOrderLimitEur', 'retypeAtBalancePercent', 'withdrawHoldHours', 'theme', 'window']) {
      expect(warnings.some((warning) => warning.includes(`"${field}"`))).toBe(true);
    }
  });

  it.each([301, 2.5, '5', null])('refuses polling interval %s', (value) => {
    const { settings, warnings } = repairSettings({ pollingIntervalSeconds: value });
    expect(settings.pollingIntervalSeconds).toBe(5);
    expect(warnings).toHaveLength(1);
  });

  it('falls back to the local sandbox when the active profile does not exist', () => {
    const { settings, warnings } = repairSettings({ activeProfileId: 'custom-gone' });
    expect(settings.activeProfileId).toBe('local-sandbox');
    expect(warnings[0]).toMatch(/active profile/);
  });

  it('drops custom profiles with a bad URL, a built-in id or a duplicate id', () => {
    const { settings, warnings } = repairSettings({
      customProfiles: [
        custom,
        { ...custom, name: 'again' },
        { ...custom, id: 'production' },
        { id: 'custom-http', name: 'Plain', kind: 'custom', baseUrl: 'http://api.example.com' },
        'nonsense',
      ],
    });
    expect(settings.customProfiles).toEqual([custom]);
    expect(warnings).toHaveLength(4);
  });

  it('drops login details of profiles that do not exist', () => {
    const { settings, warnings } = repairSettings({
      profileAccounts: { 'custom-gone': { email: 'a@example.com' }, staging: { clientId: 7 } },
    });
    expect(settings.profileAccounts).toEqual({ staging: { clientId: 7 } });
    expect(warnings).toHaveLength(1);
  });

  it('treats a non-object as corrupt', () => {
    for (const raw of [null, 42, 'text', [1, 2]]) {
      const { settings, warnings } = repairSettings(raw);
      expect(settings).toEqual(defaultSettings());
      expect(warnings).toHaveLength(1);
    }
  });

  it('drops unknown keys — a pasted secret — at every level, naming the key but never the value', () => {
    const { settings, warnings } = repairSettings({
      password: 'hunter2-top',
      customProfiles: [{ ...custom, client_secret: 'hunter2-profile' }],
      profileAccounts: { staging: { email: 'ops@example.com', totp_secret: 'hunter2-account' } },
    });
    const text = JSON.stringify(settings);
    expect(text).not.toContain('hunter2');
    expect(settings.customProfiles).toEqual([custom]);
    expect(settings.profileAccounts).toEqual({ staging: { email: 'ops@example.com' } });
    expect(warnings.join(' ')).toMatch(/password/);
    expect(warnings.join(' ')).toMatch(/client_secret/);
    expect(warnings.join(' ')).toMatch(/totp_secret/);
    expect(warnings.join(' ')).not.toContain('hunter2');
  });
});

describe('the saved workspace', () => {
  const team = {
    kind: 'team',
    config: { host: 'db.example.com', port: 5432, database: 'kriptomat_desk', user: 'alice', tlsMode: 'require' },
  };

  it('keeps a valid Team choice', () => {
    expect(repairSettings({ workspace: team })).toEqual({ settings: { ...defaultSettings(), workspace: team }, warnings: [] });
  });

  it('drops a password pasted next to the connection settings, without quoting it, and keeps the rest', () => {
    const { settings, warnings } = repairSettings({
      workspace: { ...team, password: 'hunter2', config: { ...team.config, password: 'hunter2' } },
    });
    expect(settings.workspace).toEqual(team);
    expect(warnings).toEqual(['Unknown settings in workspace were dropped.']);
    expect(
      JSON.stringify(redactUnknownKeys({ workspace: { ...team, password: 'hunter2', config: { ...team.config, password: 'hunter2' } } })),
    ).not.toContain('hunter2');
  });

  it('starts Solo when the saved choice breaks the rules (TLS off for a remote host)', () => {
    const { settings, warnings } = repairSettings({ workspace: { ...team, config: { ...team.config, tlsMode: 'disable' } } });
    expect(settings.workspace).toEqual({ kind: 'solo' });
    expect(warnings.join(' ')).toMatch(/workspace.*starts Solo/);
  });

  it('refuses to write a password into the file', () => {
    expect(
      settingsSchema.safeParse({ ...defaultSettings(), workspace: { ...team, config: { ...team.config, password: 'hunter2' } } }).success,
    ).toBe(false);
  });
});

describe('redactUnknownKeys', () => {
  it('keeps known values and replaces unknown ones at every level', () => {
    const raw = {
      theme: 'neon',
      password: 'hunter2',
      window: { x: 1, token: 'hunter2' },
      customProfiles: [{ ...custom, client_secret: 'hunter2' }],
      profileAccounts: { staging: { email: 'x', totp_secret: 'hunter2' } },
    };
    const redacted = redactUnknownKeys(raw);
    expect(JSON.stringify(redacted)).not.toContain('hunter2');
    expect(redacted).toEqual({
      theme: 'neon',
      password: REMOVED_MARKER,
      window: { x: 1, token: REMOVED_MARKER },
      customProfiles: [{ ...custom, client_secret: REMOVED_MARKER }],
      profileAccounts: { staging: { email: 'x', totp_secret: REMOVED_MARKER } },
    });
  });
});
