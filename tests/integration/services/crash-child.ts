// Run by orders-crash.test.ts in its own process (npx tsx): a desk on the given
// user-data directory and keychain namespace, attached to the parent's sandbox.
// It makes the sandbox drop every order's answer after committing it, places one
// buy, and exits hard the moment the sandbox has booked it — after the journal
// row was written, before any answer reached the desk.
import { createDesk } from '../../../main/desk/desk';
import { silentLogger } from '../../../main/log';

const [userDataDir, namespace, sandboxJson, userIdText] = process.argv.slice(2);
if (!userDataDir || !namespace || !sandboxJson || !userIdText) {
  console.error('usage: crash-child <userDataDir> <namespace> <sandbox-json> <userId>');
  process.exit(2);
}
const sandbox = JSON.parse(sandboxJson) as {
  url: string;
  origin: string;
  partner: { email: string; password: string; client_id: number; client_secret: string; totp_secret: string };
};
const userId = Number(userIdText);

const desk = await createDesk(
  { userDataDir, keychainNamespace: namespace, externalSandbox: { url: sandbox.url, partner: sandbox.partner } },
  { log: silentLogger },
);
await desk.ready;
const before = ((await (await fetch(`${sandbox.origin}/__sandbox/state`)).json()) as { transactions: unknown[] }).transactions.length;
await fetch(`${sandbox.origin}/__sandbox/faults`, {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ drop_after_commit_rate: 1 }),
});

// Watch the sandbox: as soon as the order is booked, die without any cleanup.
const watcher = setInterval(() => {
  void fetch(`${sandbox.origin}/__sandbox/state`)
    .then((r) => r.json() as Promise<{ transactions: unknown[] }>)
    .then((state) => {
      if (state.transactions.length > before) {
        process.stdout.write('booked\n');
        process.kill(process.pid, 'SIGKILL');
      }
    });
}, 5);
watcher.unref?.();

const result = await desk.handlers['orders.place']({
  profileId: 'local-sandbox',
  userId,
  side: 'buy',
  pair: 'btceur',
  amount: '30.00',
}).catch((e: unknown) => e);
// Not reached in a good run: the order's first answer is always dropped.
process.stdout.write(`placed without being killed: ${JSON.stringify(result)}\n`);
process.exit(3);
