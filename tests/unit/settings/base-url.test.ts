import { describe, expect, it } from 'vitest';
import { checkBaseUrl } from '../../../main/settings/base-url';

describe('checkBaseUrl', () => {
  it.each([
    ['https://api.example.com/v1', 'https://api.example.com/v1'],
    ['  https://api.example.com/api/v1/partners/  ', 'https://api.example.com/api/v1/partners'],
    ['https://api.example.com', 'https://api.example.com'],
    ['HTTPS://API.Example.com:8443/v1', 'https://api.example.com:8443/v1'],
    ['http://127.0.0.1:4010/v1', 'http://127.0.0.1:4010/v1'],
    ['http://localhost:4010', 'http://localhost:4010'],
    ['http://[::1]:4010/v1', 'http://[::1]:4010/v1'],
  ])('accepts %s', (input, expected) => {
    expect(checkBaseUrl(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['http://api.example.com/v1', /https:\/\//],
    ['http://127.0.0.2/v1', /only allowed for 127\.0\.0\.1/],
    ['http://localhost.evil.com/v1', /https:\/\//],
    ['ftp://api.example.com', /https:\/\//],
    ['file:///etc/passwd', /https:\/\//],
    ['https://user:pass@api.example.com/v1', /user name or password/],
    ['https://user@api.example.com/v1', /user name or password/],
    ['https://api.example.com/v1?key=1', /query/],
    ['https://api.example.com/v1?', /query/],
    ['https://api.example.com/v1#top', /fragment/],
    ['https://api.example.com/v1#', /fragment/],
    ['not a url', /not a valid address/],
    ['', /Enter/],
    [`https://a.example.com/${'x'.repeat(300)}`, /at most 300/],
    ['https://api.kriptomat.io/api/v1/partners', /built-in Production/],
    ['https://api.kriptomat.io:443/v1/', /built-in Production/],
    ['https://Api.Kriptomat.io', /built-in Production/],
    ['http://api.kriptomat.io/v1', /built-in Production/],
    ['https://stagingapi.kminfra.net/v1', /built-in Staging/],
    ['https://STAGINGAPI.KMINFRA.NET./api/v1/partners', /built-in Staging/],
  ])('refuses %s', (input, message) => {
    const check = checkBaseUrl(input);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(message);
  });

  it('refuses non-strings', () => {
    expect(checkBaseUrl(42).ok).toBe(false);
    expect(checkBaseUrl(undefined).ok).toBe(false);
  });

  it('does not echo credentials from a refused URL', () => {
    const check = checkBaseUrl('https://operator:hunter2@api.example.com');
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).not.toContain('hunter2');
  });
});
