// Child process for the crash test: writes a journal row (and optionally marks it
// accepted, fsync'd or not), reports it on stdout, then dies by SIGKILL — no close, no exit
// handlers, no chance to flush anything the store did not already make durable.
import { openStore } from '../../../../main/store/sqlite';

const [path, step] = process.argv.slice(2);
if (!path) throw new Error('usage: journal-then-kill.ts <db path> [accept | accept-unsynced]');
const store = openStore(path);
const entry = store.journal.begin({ profileId: 'sandbox', userId: 2, kind: 'buy', pair: 'btceur', amount: '250.00' });
const final =
  step === 'accept'
    ? store.journal.markAccepted(entry.idempotencyKey, 58)
    : step === 'accept-unsynced'
      ? store.journal.markAccepted(entry.idempotencyKey, 58, { fsync: false })
      : entry;
process.stdout.write(`${JSON.stringify(final)}\n`, () => {
  process.kill(process.pid, 'SIGKILL');
});
