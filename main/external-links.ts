// The one place the desk hands a URL to the operating system: https only, so a
// crafted link cannot launch file:, smb: or custom-protocol handlers.
export function isSafeExternalUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
