// Run by desk-crash.test.ts in its own process (npx tsx): a desk in the Team
// workspace on a shared profile for the parent's sandbox. It makes the sandbox
// drop every order's answer after committing it, then either places one buy
// (`place`) or approves a proposal (`approve:<order id>`, which this desk then
// sends), and exits hard (SIGKILL) the moment the sandbox has booked it — after
// the team journal row was written and the POST went out, before any answer
// reached the desk.
import { createDesk } from '../../../main/desk/desk';
import { silentLogger } from '../../../main/log';

const [userDataDir, namespace, sandboxJson, teamDbUrl, userIdText, mode = 'place'] = process.argv.slice(2);
if (!userDataDir || !namespace || !sandboxJson || !teamDbUrl || !userIdText) {
  console.error('usage: crash-child-team <userDataDir> <namespace> <sandbox-json> <team-db-url> <userId> [place | approve:<order id>]');
  process.exit(2);
}
const sandbox = JSON.parse(sandboxJson) as {
  url: string;
  origin: string;
  partner: { email: string; password: string; client_id: number; client_secret: string; totp_secret: string };
};
const userId = Number(userIdText);
const control = (path: string, body: unknown): Promise<Response> =>
  fetch(`${sandbox.origin}/__sandbox/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

const desk = await createDesk(
  { userDataDir, keychainNamespace: namespace, teamDbUrl, externalSandbox: { url: sandbox.url, partner: sandbox.partner } },
  { log: silentLogger, tuning: { syncOnFirstSignIn: false } },
);
await desk.ready;
const { partner } = sandbox;
const profile = await desk.handlers['profiles.addCustom']({ name: 'Team sandbox', baseUrl: sandbox.url });
await desk.handlers['profiles.saveCredentials']({
  profileId: profile.id,
  email: partner.email,
  clientId: partner.client_id,
  password: partner.password,
  clientSecret: partner.client_secret,
  totpSecret: partner.totp_secret,
});
// The Local sandbox just spent this TOTP step's code.
await control('clock', { advance_seconds: 30 });
await desk.handlers['profiles.select']({ profileId: profile.id });
for (let i = 0; (await desk.handlers['session.status']({})).state !== 'active'; i++) {
  if (i > 300) throw new Error('the shared profile did not sign in');
  await new Promise((r) => setTimeout(r, 50));
}

const before = ((await (await fetch(`${sandbox.origin}/__sandbox/state`)).json()) as { transactions: unknown[] }).transactions.length;
await control('faults', { drop_after_commit_rate: 1 });
const watcher = setInterval(() => {
  void fetch(`${sandbox.origin}/__sandbox/state`)
    .then((r) => r.json() as Promise<{ transactions: unknown[] }>)
    .then((state) => {
      if (state.transactions.length > before) {
        process.stdout.write(`booked ${profile.id}\n`);
        process.kill(process.pid, 'SIGKILL');
      }
    });
}, 5);
watcher.unref?.();

const result = await (
  mode.startsWith('approve:')
    ? desk.handlers['approvals.decide']({ orderId: mode.slice('approve:'.length), decision: 'approve' })
    : desk.handlers['orders.place']({ profileId: profile.id, userId, side: 'buy', pair: 'btceur', amount: '31.00' })
).catch((e: unknown) => e);
// The approval answers before its send: wait for the kill (the watcher) a while.
await new Promise((r) => setTimeout(r, 15_000));
process.stdout.write(`placed without being killed: ${JSON.stringify(result)}\n`);
process.exit(3);
