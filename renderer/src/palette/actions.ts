// What the palette's actions do beyond navigating: the same bridge calls as the
// Transactions and Environments screens, reporting in the palette's message.
import type { ProfileView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';
import { downloadText } from '../components/download';
import { formatCount, formatInteger } from '../format';
import { toTransactionFilter } from '../screens/transactions/filter';
import { loadProfiles, setSession } from '../state/session';
import { useTransactions } from '../state/transactions';
import { startNotice } from './store';

export async function syncTransactions(): Promise<void> {
  const finish = startNotice('Syncing transactions…');
  try {
    const r = await call((d) => d.transactions.sync({}));
    // The Transactions table reloads even if the 'done' event was missed.
    useTransactions.setState((s) => ({ dataVersion: s.dataVersion + 1 }));
    finish(
      'ok',
      `Sync done: ${formatInteger(r.newTransactions)} new, ${formatInteger(r.totalCached)} cached (${r.fetchedPages} ${r.fetchedPages === 1 ? 'page' : 'pages'} fetched).`,
    );
  } catch (e) {
    finish('error', `Sync failed: ${describeError(e)}`);
  }
}

/** Exports what the Transactions screen's filters and sort select, as its Export CSV button does. */
export async function exportTransactions(): Promise<void> {
  const finish = startNotice('Exporting transactions…');
  try {
    const { filter, sort } = useTransactions.getState();
    const result = await call((d) => d.transactions.exportCsv({ filter: toTransactionFilter(filter).filter, sort }));
    downloadText(result.filename, result.csv);
    finish('ok', `Exported ${formatCount(result.rows, 'row')} to ${result.filename}.`);
  } catch (e) {
    finish('error', `Export failed: ${describeError(e)}`);
  }
}

/** Makes the profile the active environment (production only after its confirmation). */
export async function selectProfile(profile: ProfileView): Promise<void> {
  setSession(await call((d) => d.profiles.select({ profileId: profile.id })));
  await loadProfiles();
}

/** A switch to an environment that needs no confirmation, reported in the message. */
export async function switchEnvironment(profile: ProfileView): Promise<void> {
  const finish = startNotice(`Switching to ${profile.name}…`);
  try {
    await selectProfile(profile);
    finish('ok', `Now on ${profile.name}.`);
  } catch (e) {
    finish('error', `Could not switch to ${profile.name}: ${describeError(e)}`);
  }
}
