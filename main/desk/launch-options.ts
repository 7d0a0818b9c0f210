// Command-line options shared by the Electron app and the browser harness, so
// `--user-data` and `--sandbox-port` mean the same thing in both.
import type { DeskOptions } from './options';

export interface LaunchOptions extends Omit<DeskOptions, 'userDataDir'> {
  userDataDir?: string;
  /** Harness only: its own HTTP port. */
  port?: number;
  host?: string;
}

function portValue(flag: string, value: string | undefined): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`${flag} needs a port number from 0 to 65535, got "${value ?? ''}".`);
  return port;
}

/** Parses the flags the desk knows and ignores the rest (Electron and Chromium add their own). */
export function parseLaunchOptions(argv: readonly string[]): LaunchOptions {
  const options: LaunchOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i]!;
    const [flag, inline] = raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--user-data':
        options.userDataDir = value();
        break;
      case '--sandbox-port':
        options.sandboxPort = portValue(flag, value());
        break;
      case '--sandbox-seed':
        options.sandboxSeed = Number.parseInt(value(), 10);
        break;
      case '--sandbox-token-ttl': {
        const ttl = Number(value());
        if (!Number.isInteger(ttl) || ttl < 10) throw new Error('--sandbox-token-ttl needs whole seconds, at least 10.');
        options.sandboxTokenTtlSeconds = ttl;
        break;
      }
      case '--keychain-namespace':
        options.keychainNamespace = value();
        break;
      case '--team-db': {
        // postgres:// or postgresql://; the password may be in it (for tests and scripts).
        const url = value();
        if (!/^postgres(ql)?:\/\//.test(url))
          throw new Error('--team-db needs a PostgreSQL URL: postgresql://user:password@host:port/database');
        options.teamDbUrl = url;
        break;
      }
      case '--port':
        options.port = portValue(flag, value());
        break;
      case '--host':
        options.host = value();
        break;
      default:
        break;
    }
  }
  return options;
}
