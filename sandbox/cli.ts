// `npm run sandbox -- --port 4010 …`: starts the sandbox and prints, as the first
// line on stdout, one JSON object with the base URL and the demo partner's
// credentials, so scripts can read it with a single line read. Serves until
// SIGINT/SIGTERM, then closes cleanly (saving --state).
import { startSandbox, type SandboxOptions } from './server';

const USAGE = `Usage: npm run sandbox -- [options]
  --port N          port to listen on (default 4010; 0 picks a free port)
  --host H          interface to listen on (default 127.0.0.1)
  --seed N          seed for demo data, rates and fault dice (default 1)
  --token-ttl S     access token lifetime in seconds (default 3600)
  --kyc-delay S     seconds from KYC import to its outcome (default 60)
  --settle-delay S  seconds from booking to settlement (default 5)
  --state FILE      persist the whole state to FILE and reload it on start
  --transactions N  extra seeded transactions, for big-sync tests (default 0)
  --help            this text`;

type Numeric = 'port' | 'seed' | 'tokenTtlSeconds' | 'kycDelaySeconds' | 'settleDelaySeconds' | 'extraTransactions';

const NUMERIC_FLAGS: Record<string, Numeric> = {
  '--port': 'port',
  '--seed': 'seed',
  '--token-ttl': 'tokenTtlSeconds',
  '--kyc-delay': 'kycDelaySeconds',
  '--settle-delay': 'settleDelaySeconds',
  '--transactions': 'extraTransactions',
};

export class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): SandboxOptions | 'help' {
  const opts: SandboxOptions = { port: 4010 };
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i]!;
    let value: string | undefined;
    const eq = flag.indexOf('=');
    if (flag.startsWith('--') && eq !== -1) {
      value = flag.slice(eq + 1);
      flag = flag.slice(0, eq);
    }
    if (flag === '--help' || flag === '-h') return 'help';
    const takeValue = (): string => {
      if (value !== undefined) return value;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
      i++;
      return next;
    };
    if (flag in NUMERIC_FLAGS) {
      const text = takeValue();
      if (!/^\d{1,10}$/.test(text)) throw new UsageError(`${flag} must be a whole number; got "${text}".`);
      opts[NUMERIC_FLAGS[flag]!] = Number(text);
    } else if (flag === '--host') {
      const host = takeValue();
      if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new UsageError(`--host must be a host name or IP address; got "${host}".`);
      opts.host = host;
    } else if (flag === '--state') {
      opts.statePath = takeValue();
      if (opts.statePath === '') throw new UsageError('--state needs a file path.');
    } else {
      throw new UsageError(`Unknown option "${flag}".`);
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let opts: SandboxOptions | 'help';
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`sandbox: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (opts === 'help') {
    console.log(USAGE);
    return;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(opts);
  } catch (err) {
    console.error(`sandbox: cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  process.stdout.write(`${JSON.stringify({ url: sandbox.url, partner: sandbox.partner })}\n`);
  console.error(
    `sandbox: serving ${sandbox.url} (and ${sandbox.origin}/api/v1/partners); control at ${sandbox.origin}/__sandbox/. Ctrl-C stops.`,
  );
  const stop = (): void => {
    sandbox
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error('sandbox: error while closing:', err);
        process.exit(1);
      });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
