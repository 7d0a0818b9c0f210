// Settings: rate polling interval, the per-order limit, the fat-finger guard, the
// theme, the policy (approval rules, or Solo's hold on withdrawals to new bank
// accounts) and the workspace (Solo or Team).
import { useEffect, useRef, useState } from 'react';
import type { SettingsView } from '../../../shared/desk-api';
import { RETYPE_AT_BALANCE_PERCENT_MAX, RETYPE_AT_BALANCE_PERCENT_MIN } from '../../../shared/order-rules';
import { EUR_AMOUNT_PATTERN, EUR_AMOUNT_WORDS, PER_ORDER_LIMIT_ZERO_WORDS } from '../../../shared/policy-limits';
import { call, fieldError } from '../bridge';
import { ErrorAlert, StatusNote } from '../components/ErrorAlert';
import { SelectField, TextField } from '../components/Field';
import { Section } from '../components/Section';
import { Loading } from '../components/States';
import { formatDateTime } from '../format';
import { applyTheme, loadSettings, setSettings, useSettings } from '../state/settings';
import { PolicySection } from './settings/PolicySection';
import { WorkspaceSection } from './settings/WorkspaceSection';

export function SettingsScreen() {
  const settings = useSettings((s) => s.settings);
  const error = useSettings((s) => s.error);
  return (
    <div className="screen">
      <h1>Settings</h1>
      <ErrorAlert error={error} />
      {error ? (
        <button type="button" onClick={() => void loadSettings()}>
          Retry loading settings
        </button>
      ) : null}
      {!settings && !error ? <Loading what="settings" /> : null}
      {settings ? <SettingsForm initial={settings} /> : null}
      <PolicySection />
      <WorkspaceSection />
    </div>
  );
}

const LIMIT_HINT = 'Orders above this need an explicit override on the ticket, and the amount typed again before Confirm.';

/** Whose limit this is: the team's (who set it, when) or the desk's own. */
function limitHint({ perOrderLimit: l }: SettingsView): string {
  if (l.source === 'team') {
    const when = l.setAtMs !== null ? ` on ${formatDateTime(l.setAtMs)}` : '';
    return `The team's limit for this environment, set by ${l.setBy ?? 'a desk admin'}${when}; every desk's order checks use it and only a desk admin can change it. ${LIMIT_HINT}`;
  }
  return l.note ? `${l.note} ${LIMIT_HINT}` : LIMIT_HINT;
}

function SettingsForm({ initial }: { initial: SettingsView }) {
  const [polling, setPolling] = useState(String(initial.pollingIntervalSeconds));
  const [limit, setLimit] = useState(initial.perOrderLimitEur);
  // Another desk may change the team's limit while this form is open (policy.changed reads
  // settings again): the field follows it, unless the operator has typed a value of their own.
  const shownLimit = useRef(initial.perOrderLimitEur);
  useEffect(() => {
    const before = shownLimit.current;
    if (initial.perOrderLimitEur === before) return;
    shownLimit.current = initial.perOrderLimitEur;
    setLimit((typed) => (typed.trim() === before ? initial.perOrderLimitEur : typed));
  }, [initial.perOrderLimitEur]);
  const [retype, setRetype] = useState(String(initial.retypeAtBalancePercent));
  const [theme, setTheme] = useState<SettingsView['theme']>(initial.theme);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  /** An edit after a save: "Settings saved." no longer describes the form, and must not stand beside a new error. */
  const edited =
    (set: (value: string) => void) =>
    (value: string): void => {
      set(value);
      setSaved(null);
    };

  const pollingNumber = Number(polling);
  const pollingProblem =
    /^\d+$/.test(polling.trim()) && pollingNumber >= 1 && pollingNumber <= 300 ? undefined : 'A whole number of seconds from 1 to 300.';
  // The pattern allows only digits and a point, so an amount without a digit 1–9 is zero.
  const limitProblem = !EUR_AMOUNT_PATTERN.test(limit.trim())
    ? EUR_AMOUNT_WORDS
    : /[1-9]/.test(limit)
      ? undefined
      : PER_ORDER_LIMIT_ZERO_WORDS;
  const retypeNumber = Number(retype);
  const retypeProblem =
    /^\d+$/.test(retype.trim()) && retypeNumber >= RETYPE_AT_BALANCE_PERCENT_MIN && retypeNumber <= RETYPE_AT_BALANCE_PERCENT_MAX
      ? undefined
      : `A whole percent from ${RETYPE_AT_BALANCE_PERCENT_MIN} to ${RETYPE_AT_BALANCE_PERCENT_MAX}.`;
  const problem = pollingProblem ?? limitProblem ?? retypeProblem;

  const save = async (): Promise<void> => {
    if (problem) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const next = await call((d) =>
        d.settings.update({
          pollingIntervalSeconds: pollingNumber,
          perOrderLimitEur: limit.trim(),
          retypeAtBalancePercent: retypeNumber,
          theme,
        }),
      );
      setSettings(next);
      setSaved('Settings saved.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  // Leaving without saving drops the previewed theme.
  useEffect(() => () => applyTheme(useSettings.getState().settings?.theme ?? 'auto'), []);

  const known = ['pollingIntervalSeconds', 'perOrderLimitEur', 'retypeAtBalancePercent', 'theme'];
  return (
    <Section title="Desk settings">
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <TextField
          label="Polling interval (seconds)"
          inputMode="numeric"
          value={polling}
          onValue={edited(setPolling)}
          error={fieldError(error, 'pollingIntervalSeconds') ?? pollingProblem}
          hint="How often rates are fetched. A rate older than three intervals (at least 30 s) blocks ordering."
        />
        <TextField
          label="Per-order limit (EUR)"
          inputMode="decimal"
          value={limit}
          onValue={edited(setLimit)}
          error={fieldError(error, 'perOrderLimitEur') ?? limitProblem}
          hint={limitHint(initial)}
        />
        <TextField
          label="Retype the amount from (% of the balance)"
          inputMode="numeric"
          value={retype}
          onValue={edited(setRetype)}
          error={fieldError(error, 'retypeAtBalancePercent') ?? retypeProblem}
          hint="An order for at least this share of the user's balance asks for the amount to be typed again before Confirm."
        />
        <SelectField
          label="Theme"
          value={theme}
          onValue={(v) => {
            const next = v === 'light' || v === 'dark' ? v : 'auto';
            setTheme(next);
            setSaved(null);
            applyTheme(next); // preview at once; saved with the button
          }}
          error={fieldError(error, 'theme')}
          hint="Auto follows the system's light or dark preference."
        >
          <option value="auto">Auto</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </SelectField>
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || Boolean(problem)}>
            {busy ? 'Saving…' : 'Save settings'}
          </button>
        </div>
        <ErrorAlert error={known.some((f) => fieldError(error, f)) ? null : error} />
        <StatusNote>{saved}</StatusNote>
      </form>
    </Section>
  );
}
