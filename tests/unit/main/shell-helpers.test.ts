import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../../main/electron/external-links';
import { parseLaunchOptions } from '../../../main/desk/launch-options';
import { isVisibleOn } from '../../../main/electron/window-state';

describe('isSafeExternalUrl', () => {
  it.each([
    ['https://kriptomat.io/help', true],
    ['https://docs.sumsub.com/x', true],
    ['https://evil.example/?leak=ana.novak@example.com', false],
    ['https://kriptomat.io.evil.example/', false],
    ['http://kriptomat.io', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['smb://host/share', false],
    ['https://user:pw@kriptomat.io', false],
    ['not a url', false],
  ])('%s → %s', (url, safe) => {
    expect(isSafeExternalUrl(url)).toBe(safe);
  });
});

describe('parseLaunchOptions', () => {
  it('reads the desk flags in both spellings and ignores the rest', () => {
    expect(
      parseLaunchOptions(['--no-sandbox', '--user-data', '/tmp/u', '--sandbox-port=4010', '--keychain-namespace', 'e2e-1', '--port', '0']),
    ).toEqual({
      userDataDir: '/tmp/u',
      sandboxPort: 4010,
      keychainNamespace: 'e2e-1',
      port: 0,
    });
  });
  it('explains bad values', () => {
    expect(() => parseLaunchOptions(['--sandbox-port', 'x'])).toThrow(/port number/);
    expect(() => parseLaunchOptions(['--user-data'])).toThrow(/needs a value/);
    expect(() => parseLaunchOptions(['--sandbox-token-ttl', '2'])).toThrow(/at least 10/);
    expect(() => parseLaunchOptions(['--team-db', 'https://db.example'])).toThrow(/PostgreSQL URL/);
  });
  it('takes the team database URL, password and query included', () => {
    const url = 'postgresql://alice:s3cret@127.0.0.1:5433/kriptomat_desk?sslmode=disable';
    expect(parseLaunchOptions(['--team-db', url])).toEqual({ teamDbUrl: url });
    expect(parseLaunchOptions([`--team-db=${url}`])).toEqual({ teamDbUrl: url });
  });
});

describe('isVisibleOn', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  it('keeps a window that is on a display and refuses one that is off every display', () => {
    expect(isVisibleOn({ x: 100, y: 100, width: 800, height: 600 }, [display])).toBe(true);
    expect(isVisibleOn({ x: 5000, y: 100, width: 800, height: 600 }, [display])).toBe(false);
    expect(isVisibleOn({ x: 1870, y: 100, width: 800, height: 600 }, [display])).toBe(false);
  });
});
