// Settings → Workspace's fields → the pg connection for the team database: the
// parts, never a URL (a URL carries the password into whatever prints it). The
// TLS rules: `disable` only for a loopback host; `require` encrypts without
// checking the certificate (libpq's meaning), so the Settings form warns about it
// for a remote host; `verify-full` checks the chain against the operator's CA file
// — or, without one, against the CAs Node trusts by default (and the system's
// store where this Node can read it) — and the host name against the certificate.
// The CA file is read here, in main; neither it nor the password goes back to
// the renderer.
import { readFile, stat } from 'node:fs/promises';
import * as tls from 'node:tls';
import { isLoopbackHost, workspaceConfigProblems, type TeamWorkspaceConfig, type WorkspaceField } from '../../../shared/workspace-fields';
import { DeskFailure } from '../../errors';
import type { TeamDbParams } from './connection';

/** A CA bundle is a few kB; anything this big is not one. */
export const CA_FILE_MAX_BYTES = 1024 * 1024;
const PEM_CERTIFICATE = '-----BEGIN CERTIFICATE-----';

/** The bridge's field name of a config field, so the renderer shows the message beside it. */
export function configField(field: WorkspaceField | 'password'): string {
  return field === 'password' ? 'password' : `config.${field}`;
}

/** Refuses a config the shared rules refuse (the bridge checked already; the settings file or a caller may not have). */
export function checkWorkspaceConfig(config: TeamWorkspaceConfig): void {
  const problems = Object.entries(workspaceConfigProblems(config)) as Array<[WorkspaceField, string]>;
  if (problems.length === 0) return;
  const fieldErrors = Object.fromEntries(problems.map(([field, message]) => [configField(field), [message]]));
  throw new DeskFailure('validation', `The workspace settings are not valid: ${problems.map(([, m]) => m).join(' ')}`, { fieldErrors });
}

/** The PEM text of a CA file, or a failure that says what is wrong with it (beside the CA file field). */
export async function readCaFile(path: string): Promise<string> {
  const refuse = (why: string): DeskFailure =>
    new DeskFailure('validation', `The CA file ${path} ${why}`, { fieldErrors: { [configField('caFile')]: [`The CA file ${why}`] } });
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw refuse('is not a file.');
    size = info.size;
  } catch (error) {
    if (error instanceof DeskFailure) throw error;
    throw refuse(`cannot be read (${codeOf(error) ?? 'unknown error'}).`);
  }
  if (size > CA_FILE_MAX_BYTES) throw refuse('is larger than 1 MB: it is not a CA certificate.');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw refuse(`cannot be read (${codeOf(error) ?? 'unknown error'}).`);
  }
  if (!text.includes(PEM_CERTIFICATE)) throw refuse(`holds no PEM certificate (a "${PEM_CERTIFICATE}" block).`);
  return text;
}

/** The connection parameters for a checked config and its password. */
export async function teamDbFromConfig(
  config: TeamWorkspaceConfig,
  password: string,
  readCa: (path: string) => Promise<string> = readCaFile,
): Promise<TeamDbParams> {
  checkWorkspaceConfig(config);
  const where = { host: config.host, port: config.port, database: config.database, user: config.user, password };
  switch (config.tlsMode) {
    case 'disable':
      // Checked above too; said again where it matters, so no later edit loosens it unseen.
      if (!isLoopbackHost(config.host))
        throw new DeskFailure('validation', 'TLS may be off only for a loopback host.', {
          fieldErrors: { [configField('tlsMode')]: ['TLS may be off only for 127.0.0.1, ::1 or localhost.'] },
        });
      return { ...where, ssl: false };
    case 'require':
      return { ...where, ssl: { rejectUnauthorized: false } };
    case 'verify-full':
      // pg sets the SNI name (and Node checks the certificate's names) from `host`.
      if (config.caFile !== undefined) return { ...where, ssl: { ca: await readCa(config.caFile), rejectUnauthorized: true } };
      return { ...where, ssl: { ...defaultTrust(), rejectUnauthorized: true } };
  }
}

type CaSource = 'default' | 'system';
type CaReader = ((source: CaSource) => string[]) | undefined;

/**
 * The CAs verify-full trusts without a CA file. Node's own list is the default when
 * `ca` is left out; a Node that can read the operating system's store
 * (tls.getCACertificates, Node ≥ 22.15 — Electron's) adds the system's CAs, so a
 * company CA installed on the machine works too. Passing `ca` replaces the
 * default list, hence both.
 */
export function defaultTrust(read: CaReader = (tls as { getCACertificates?: (source: CaSource) => string[] }).getCACertificates): {
  ca?: string[];
} {
  if (read === undefined) return {};
  try {
    return { ca: [...new Set([...read('default'), ...read('system')])] };
  } catch {
    // A system store that cannot be read leaves Node's own list.
    return {};
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
