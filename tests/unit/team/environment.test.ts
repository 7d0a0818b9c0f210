import { describe, expect, it } from 'vitest';
import { environmentKey, normalBaseUrl } from '../../../main/store/postgres/environment';

describe('environment keys', () => {
  it('gives one key to one base URL written several ways, and one per partner client', () => {
    expect(environmentKey('https://stagingapi.kminfra.net/v1', 42)).toBe('https://stagingapi.kminfra.net/v1#client-42');
    expect(environmentKey(' HTTPS://StagingAPI.kminfra.net:443/v1/ ', 42)).toBe('https://stagingapi.kminfra.net/v1#client-42');
    expect(environmentKey('https://stagingapi.kminfra.net/v1', 43)).not.toBe(environmentKey('https://stagingapi.kminfra.net/v1', 42));
    expect(normalBaseUrl('http://127.0.0.1:4010/v1')).toBe('http://127.0.0.1:4010/v1');
  });

  it('refuses what cannot be an environment', () => {
    expect(() => environmentKey('https://user:pw@api.kriptomat.io/api/v1/partners', 1)).toThrow(/user name or password/);
    expect(() => environmentKey('ftp://api.kriptomat.io', 1)).toThrow(/http/);
    expect(() => environmentKey('not a url', 1)).toThrow(/Not a base URL/);
    expect(() => environmentKey('https://api.kriptomat.io', 0)).toThrow(/client id/);
  });
});
