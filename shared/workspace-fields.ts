// Settings → Workspace: one rule for the team database's connection fields, in
// plain words. The Settings form checks it as the operator types, and main's
// bridge schema (desk-api.ts) and the settings file's schema apply the same
// functions, so neither side accepts what the other refuses. No zod and no Node
// here: the renderer imports it.

export const tlsModes = ['disable', 'require', 'verify-full'] as const;
export type TlsMode = (typeof tlsModes)[number];

/** Where the team database is and as whom; never the password (that is in the keychain). */
export interface TeamWorkspaceConfig {
  host: string;
  port: number;
  database: string;
  user: string;
  tlsMode: TlsMode;
  /**
   * verify-full only: the CA certificate (PEM) the server's certificate must chain
   * to, an absolute path on the desk's machine. Without it the certificate must
   * chain to a certificate authority the desk trusts by default (Node's list of
   * public CAs, and the system's where Node can read them).
   */
  caFile?: string;
}

export type WorkspaceField = keyof TeamWorkspaceConfig;

/** The hosts `disable` is allowed for: the traffic never leaves the machine. */
export const LOOPBACK_HOSTS: readonly string[] = ['127.0.0.1', '::1', 'localhost'];

export const DEFAULT_TEAM_PORT = 5432;
const HOST_MAX = 253;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** PostgreSQL names are at most 63 bytes; these are the ones that never need quoting or escaping in a URL. */
const DATABASE = /^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/;
const USER = /^[A-Za-z_][A-Za-z0-9_$.-]{0,62}$/;
const CA_FILE_MAX = 1000;

/** A host name (labels of letters, digits and dashes), an IPv4 address or an IPv6 address without brackets. */
export function isSaneHost(host: string): boolean {
  if (host === '' || host.length > HOST_MAX) return false;
  if (IPV4.test(host)) return true;
  if (host.includes(':')) return isIpv6(host);
  // A name made of digits and dots only would be read as a (bad) IPv4 address.
  if (/^[\d.]+$/.test(host)) return false;
  return host.split('.').every((label) => LABEL.test(label));
}

function isIpv6(host: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(host)) return false;
  try {
    // The URL parser knows every IPv6 spelling (::, embedded IPv4); it refuses what is not one.
    return new URL(`http://[${host}]/`).hostname.length > 2;
  } catch {
    return false;
  }
}

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK_HOSTS.includes(host.trim().toLowerCase());
}

/**
 * The TLS mode a new team database starts with: verify-full, because `require`
 * hands the password to whoever answers with any certificate. On loopback the
 * traffic never leaves the machine, so `require` (no certificate to set up) is enough.
 */
export function defaultTlsMode(host: string): TlsMode {
  return host.trim() !== '' && isLoopbackHost(host) ? 'require' : 'verify-full';
}

/**
 * What the operator should know before using `require` with a database on another
 * machine, in plain words; undefined when there is nothing to warn about. A warning,
 * not a refusal: some servers have no certificate a CA signed.
 */
export function workspaceTlsWarning(config: Partial<Pick<TeamWorkspaceConfig, 'host' | 'tlsMode'>>): string | undefined {
  if (config.tlsMode !== 'require') return undefined;
  const host = typeof config.host === 'string' ? config.host.trim() : '';
  if (host === '' || isLoopbackHost(host)) return undefined;
  return 'require encrypts the connection but does not check who answers: anyone between this desk and the server could pretend to be it and receive your database password. Use verify-full unless the server has no certificate you can check.';
}

/** What is wrong with one field as typed, in plain words; undefined when it is fine. */
export function workspaceFieldProblem(field: WorkspaceField, config: Partial<Record<WorkspaceField, unknown>>): string | undefined {
  const value = config[field];
  switch (field) {
    case 'host': {
      const host = typeof value === 'string' ? value.trim() : '';
      if (host === '') return 'Enter the database server: a host name or an IP address.';
      if (!isSaneHost(host))
        return 'Enter a host name such as db.example.com, or an IP address such as 10.0.0.5 or ::1 (no scheme, port or path).';
      return undefined;
    }
    case 'port':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535
        ? undefined
        : 'Enter a port number from 1 to 65535 (PostgreSQL uses 5432).';
    case 'database': {
      const name = typeof value === 'string' ? value.trim() : '';
      if (name === '') return 'Enter the database name.';
      return DATABASE.test(name) ? undefined : 'A database name is 1 to 63 letters, digits, _, $ or -, starting with a letter or _.';
    }
    case 'user': {
      const name = typeof value === 'string' ? value.trim() : '';
      if (name === '') return 'Enter your database login.';
      return USER.test(name) ? undefined : 'A login is 1 to 63 letters, digits, _, $, . or -, starting with a letter or _.';
    }
    case 'tlsMode': {
      if (!(tlsModes as readonly unknown[]).includes(value)) return 'Choose disable, require or verify-full.';
      if (value === 'disable' && typeof config.host === 'string' && !isLoopbackHost(config.host)) {
        return 'Without TLS the password and every row would cross the network in clear: disable is only for 127.0.0.1, ::1 or localhost. Choose require or verify-full.';
      }
      return undefined;
    }
    case 'caFile': {
      const path = typeof value === 'string' ? value.trim() : '';
      if (config.tlsMode !== 'verify-full') return path === '' ? undefined : 'A CA file is used only with verify-full.';
      // No CA file: the certificate is checked against the CAs the desk trusts by default.
      if (path === '') return undefined;
      if (path.length > CA_FILE_MAX) return `The path can be at most ${CA_FILE_MAX} characters.`;
      if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path))
        return 'Enter the full path of the CA file, such as /etc/ssl/team-ca.pem.';
      return undefined;
    }
  }
}

export const workspaceFields: readonly WorkspaceField[] = ['host', 'port', 'database', 'user', 'tlsMode', 'caFile'];

/** Every problem of a whole config, keyed by field; empty when it is fine. */
export function workspaceConfigProblems(config: Partial<Record<WorkspaceField, unknown>>): Partial<Record<WorkspaceField, string>> {
  const problems: Partial<Record<WorkspaceField, string>> = {};
  for (const field of workspaceFields) {
    const problem = workspaceFieldProblem(field, config);
    if (problem) problems[field] = problem;
  }
  return problems;
}

/** `user@host:port/database`: how the desk names a team database in messages (never with the password). */
export function describeWorkspace(config: Pick<TeamWorkspaceConfig, 'host' | 'port' | 'database' | 'user'>): string {
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return `${config.user}@${host}:${config.port}/${config.database}`;
}

/** A password the desk stores: one line, no NUL, at most 1000 characters. */
export function workspacePasswordProblem(password: string): string | undefined {
  if (password === '') return 'Enter the password.';
  if (password.length > 1000) return 'The password can be at most 1000 characters.';
  if (/[\0\r\n]/.test(password)) return 'The password must be one line.';
  return undefined;
}
