// The one place the desk hands a URL to the operating system: https only, and only
// to hosts the desk has reason to link to, so neither a crafted link nor a hostile
// page can launch file:, smb: or custom-protocol handlers or smuggle data out in a URL.
const ALLOWED_HOSTS = ['kriptomat.io', 'kminfra.net', 'sumsub.com'];

export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' || url.username !== '' || url.password !== '') return false;
    const host = url.hostname.toLowerCase();
    return ALLOWED_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
  } catch {
    return false;
  }
}
