// Fiat withdrawal to one of the user's bank accounts; the API's 10 EUR minimum is
// checked here first so the operator gets the reason before anything is sent.
import { useEffect, useRef, useState } from 'react';
import type { BalanceView, UserView } from '../../../../shared/desk-api';
import { formatIban } from '../../../../shared/iban';
import { checkAmount, dec } from '../../../../shared/money';
import { call, errorKind, fieldError } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Money } from '../../components/Money';
import { Section } from '../../components/Section';
import { formatMoney } from '../../format';
import { useLoad } from '../../hooks/useLoad';
import { isNeedsReviewState, upsertOrder } from '../../state/orders';
import { useSession } from '../../state/session';
import { setTicket, setTicketIfFor, useTicket } from '../../state/ticket';
import { userLabel } from '../../state/users';
import { userBlockers } from './gates';
import { MIN_WITHDRAW_EUR } from '../../../../shared/order-rules';

const MIN_WITHDRAWAL_MESSAGE = `The minimum withdrawal is ${MIN_WITHDRAW_EUR} EUR.`;

export function checkWithdrawal(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const amount = checkAmount(text, 2);
  if (!amount.ok) return amount;
  if (dec(amount.value).lt(MIN_WITHDRAW_EUR)) return { ok: false, message: MIN_WITHDRAWAL_MESSAGE };
  return amount;
}

/** Once confirmed the withdrawal goes out whatever the operator does next: say so. */
const WITHDRAW_SENT_NOTE = 'Confirmed: the withdrawal is on its way and can no longer be cancelled. Its progress is listed under Order progress.';

interface Pending {
  /** The environment the ticket was written for: main refuses the order on any other. */
  profileId: string;
  userId: number;
  user: string;
  bankAccountId: number;
  bank: string;
  amount: string;
  overrideLimit: boolean;
}

export function WithdrawTicket({ user, balances }: { user: UserView | null; balances: BalanceView[] | undefined }) {
  const bankId = useTicket((s) => s.withdrawBankId);
  const amountText = useTicket((s) => s.withdrawAmount);
  const overrideLimit = useTicket((s) => s.withdrawOverrideLimit);
  const session = useSession((s) => s.session);
  const banks = useLoad(user ? String(user.id) : null, () => call((d) => d.banks.list({ userId: user?.id ?? 0 })));
  const [pending, setPending] = useState<Pending | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const inFlight = useRef(false);
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);
  const amountRef = useRef<HTMLInputElement>(null);

  const accounts = banks.data ?? [];
  const bank = accounts.find((b) => b.id === bankId) ?? (accounts.length === 1 ? accounts[0] : undefined);
  // A single account is the obvious choice; keep the draft in step with what is shown.
  useEffect(() => {
    if (bank && bank.id !== bankId) setTicket({ withdrawBankId: bank.id });
  }, [bank, bankId]);

  const amount = checkWithdrawal(amountText);
  const eur = balances?.find((b) => b.currency.toLowerCase() === 'eur');
  const blockers = userBlockers(user, session);
  if (user && banks.data && accounts.length === 0) blockers.push('The user has no bank account: add one on the user screen first.');
  const amountMessage = amountText.trim() !== '' || attempted ? (amount.ok ? undefined : amount.message) : undefined;
  const bankMessage = attempted && !bank && accounts.length > 0 ? 'Choose the bank account to pay out to.' : undefined;

  const review = (): void => {
    setAttempted(true);
    setSent(null);
    if (!amount.ok) {
      amountRef.current?.focus();
      return;
    }
    if (blockers.length > 0 || !user || !bank || !session || inFlight.current) return;
    setPending({
      profileId: session.profileId,
      userId: user.id,
      user: userLabel(user),
      bankAccountId: bank.id,
      bank: `${formatIban(bank.iban)}${bank.name ? ` (${bank.name})` : ''}`,
      amount: amount.value,
      overrideLimit,
    });
  };

  const withdraw = async (p: Pending): Promise<void> => {
    if (inFlight.current) return;
    inFlight.current = true;
    setSubmitting(true);
    setError(null);
    try {
      const order = await call((d) =>
        d.orders.withdraw({ profileId: p.profileId, userId: p.userId, bankAccountId: p.bankAccountId, amount: p.amount, ...(p.overrideLimit ? { overrideLimit: true } : {}) }),
      );
      upsertOrder(order);
      setTicketIfFor(p.profileId, p.userId, { withdrawAmount: '', withdrawOverrideLimit: false });
      setAttempted(false);
      setSent(
        isNeedsReviewState(order.state)
          ? `Needs review: withdrawal of ${formatMoney(p.amount, 'eur')} to ${p.bank} for ${p.user}. ${order.error ?? ''}`.trim()
          : `Withdrawal sent: ${formatMoney(p.amount, 'eur')} to ${p.bank} for ${p.user}.`,
      );
    } catch (e) {
      setError(e);
    } finally {
      inFlight.current = false;
      setSubmitting(false);
      setPending(null);
    }
  };

  const production = session?.profileKind === 'production';
  return (
    <Section title="Withdraw EUR" className="ticket">
      <form
        className="form-grid"
        noValidate
        aria-label="Withdraw ticket"
        onSubmit={(e) => {
          e.preventDefault();
          review();
        }}
      >
        <SelectField
          label="Bank account"
          value={bank ? String(bank.id) : ''}
          onValue={(v) => setTicket({ withdrawBankId: v === '' ? null : Number(v) })}
          disabled={!user || accounts.length === 0}
          error={fieldError(error, 'bankAccountId') ?? bankMessage}
          hint={banks.loading ? 'Loading bank accounts…' : undefined}
        >
          <option value="">{accounts.length === 0 ? 'No bank accounts' : 'Choose a bank account…'}</option>
          {accounts.map((b) => (
            <option key={b.id} value={b.id}>
              {formatIban(b.iban)}
              {b.name ? ` — ${b.name}` : ''}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Withdrawal amount"
          inputRef={amountRef}
          inputMode="decimal"
          autoComplete="off"
          value={amountText}
          onValue={(v) => {
            setTicket({ withdrawAmount: v });
            setError(null);
          }}
          adornment={<span className="unit">EUR</span>}
          hint={`At least ${MIN_WITHDRAW_EUR} EUR, to the cent.`}
          error={fieldError(error, 'amount') ?? amountMessage}
        />
        <p className="muted">
          EUR balance: {eur ? <Money amount={eur.balance} currency="eur" /> : '—'}
        </p>
        {blockers.length > 0 ? (
          <ul className="blockers" aria-label="Why the withdrawal cannot be made">
            {blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        ) : null}
        {errorKind(error) === 'limit_exceeded' || overrideLimit ? (
          <label className="checkbox">
            <input type="checkbox" checked={overrideLimit} onChange={(e) => setTicket({ withdrawOverrideLimit: e.target.checked })} />
            Override the per-order limit for this withdrawal
          </label>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={submitting || !user}>
            {submitting ? 'Sending…' : 'Withdraw'}
          </button>
        </div>
        <ErrorAlert error={fieldError(error, 'amount') || fieldError(error, 'bankAccountId') ? null : error} />
        <ErrorAlert error={banks.error} />
        <StatusNote>{sent}</StatusNote>
      </form>
      {pending ? (
        <ConfirmDialog
          title={production ? `PRODUCTION (${session?.profileName ?? ''}): withdraw for real?` : `Confirm withdrawal in ${session?.profileName ?? 'this environment'}`}
          confirmLabel="Confirm withdrawal"
          tone={production ? 'danger' : 'normal'}
          busy={submitting}
          busyNote={WITHDRAW_SENT_NOTE}
          onCancel={() => setPending(null)}
          onConfirm={() => void withdraw(pending)}
        >
          <dl className="facts summary">
            <dt>Environment</dt>
            <dd className={production ? 'prod-word' : undefined}>
              {production ? 'PRODUCTION — ' : ''}
              {session?.profileName}
            </dd>
            <dt>User</dt>
            <dd>{pending.user}</dd>
            <dt>Bank account</dt>
            <dd>{pending.bank}</dd>
            <dt>Amount</dt>
            <dd>{formatMoney(pending.amount, 'eur')}</dd>
          </dl>
        </ConfirmDialog>
      ) : null}
    </Section>
  );
}
