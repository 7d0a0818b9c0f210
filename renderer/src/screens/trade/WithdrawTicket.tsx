// Fiat withdrawal to one of the user's bank accounts. Everything the desk can know
// before sending is checked here — the user, the bank account, the API's 10 EUR
// minimum, the EUR balance, the per-order limit — with the fee and the EUR paid
// out shown as the amount is typed; Withdraw stays disabled, described by the
// reasons, until there are none.
import { useEffect, useId, useRef } from 'react';
import type { BalanceView, UserView } from '../../../../shared/desk-api';
import { quoteOrder } from '../../../../shared/fees';
import { formatIban } from '../../../../shared/iban';
import { checkAmount, dec, EUR_PLACES } from '../../../../shared/money';
import { DEFAULT_RETYPE_AT_BALANCE_PERCENT, MIN_WITHDRAW_EUR } from '../../../../shared/order-rules';
import { AWAITING_APPROVAL, HELD } from '../../../../shared/order-states';
import { call, errorKind, fieldError } from '../../bridge';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Section } from '../../components/Section';
import { formatDateTime, formatMoney } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { isNeedsReviewState } from '../../state/orders';
import { useSession } from '../../state/session';
import { useSettings } from '../../state/settings';
import { setTicket, setTicketIfFor, useTicket } from '../../state/ticket';
import { userLabel } from '../../state/users';
import { FeeFigures } from './FeeFigures';
import { balancesBlocker, userBlockers } from './gates';
import { CHOOSE_BANK_ACCOUNT, checkAmountFacts } from './ticket-checks';
import { BalanceFigure } from './BalanceFigure';
import { TicketFooter } from './TicketFooter';
import { useOrderSubmit } from './use-order-submit';
import { WithdrawConfirmDialog, type WithdrawalSummary } from './WithdrawConfirmDialog';
import '../../styles/ticket.css';

const MIN_WITHDRAWAL_MESSAGE = `The minimum withdrawal is ${MIN_WITHDRAW_EUR} EUR.`;

export function checkWithdrawal(text: string): { ok: true; value: string } | { ok: false; message: string } {
  const amount = checkAmount(text, EUR_PLACES);
  if (!amount.ok) return amount;
  if (dec(amount.value).lt(MIN_WITHDRAW_EUR)) return { ok: false, message: MIN_WITHDRAWAL_MESSAGE };
  return amount;
}

interface Props {
  user: UserView | null;
  balances: BalanceView[] | undefined;
  balancesError: unknown;
}

export function WithdrawTicket({ user, balances, balancesError }: Props) {
  const bankId = useTicket((s) => s.withdrawBankId);
  const amountText = useTicket((s) => s.withdrawAmount);
  const overrideLimit = useTicket((s) => s.withdrawOverrideLimit);
  const session = useSession((s) => s.session);
  const settings = useSettings((s) => s.settings);
  const banks = useLoad(user ? String(user.id) : null, () => call((d) => d.banks.list({ userId: user?.id ?? 0 })));
  const {
    confirming: pending,
    setConfirming: setPending,
    submitting,
    inFlight,
    error,
    setError,
    sent,
    setSent,
    submit,
  } = useOrderSubmit<WithdrawalSummary>();
  const amountRef = useRef<HTMLInputElement>(null);
  const blockersId = useId();

  const accounts = banks.data ?? [];
  const bank = accounts.find((b) => b.id === bankId) ?? (accounts.length === 1 ? accounts[0] : undefined);
  // A single account is the obvious choice; keep the draft in step with what is shown.
  useEffect(() => {
    if (bank && bank.id !== bankId) setTicket({ withdrawBankId: bank.id });
  }, [bank, bankId]);

  const amount = checkWithdrawal(amountText);
  const quote = amount.ok ? quoteOrder('withdraw', amount.value, null, null) : null;
  const eur = balances?.find((b) => b.currency.toLowerCase() === 'eur');
  const checks = checkAmountFacts({
    kind: 'withdraw',
    amountText,
    amount,
    currency: 'eur',
    balance: eur?.balance ?? null,
    balanceUnreadable: Boolean(balancesError) || (balances !== undefined && !eur),
    quote,
    price: null,
    limitEur: settings?.perOrderLimitEur ?? null,
    overrideLimit,
    retypeAtBalancePercent: settings?.retypeAtBalancePercent ?? DEFAULT_RETYPE_AT_BALANCE_PERCENT,
  });

  const blockers = userBlockers(user, session);
  if (user && banks.loading) blockers.push('Loading the bank accounts…');
  else if (user && banks.data && accounts.length === 0) blockers.push('The user has no bank account: add one on the user screen first.');
  else if (user && accounts.length > 0 && !bank) blockers.push(CHOOSE_BANK_ACCOUNT);
  const waiting = balancesBlocker(user, balances, balancesError);
  if (waiting) blockers.push(waiting);
  blockers.push(...checks.blockers);
  const amountMessage = amountText.trim() !== '' && !amount.ok ? amount.message : undefined;

  const review = (): void => {
    setSent(null);
    if (!amount.ok) {
      amountRef.current?.focus();
      return;
    }
    if (blockers.length > 0 || !user || !bank || !session || inFlight()) return;
    setPending({
      profileId: session.profileId,
      environment: session.profileName,
      production: session.profileKind === 'production',
      userId: user.id,
      user: userLabel(user),
      bankAccountId: bank.id,
      bank: `${formatIban(bank.iban)}${bank.name ? ` (${bank.name})` : ''}`,
      heldUntilMs: bank.withdrawHeldUntilMs,
      amount: amount.value,
      overrideLimit,
      retype: checks.retype,
    });
  };

  const withdraw = (p: WithdrawalSummary): Promise<void> =>
    submit(
      () =>
        call((d) =>
          d.orders.withdraw({
            profileId: p.profileId,
            userId: p.userId,
            bankAccountId: p.bankAccountId,
            amount: p.amount,
            ...(p.overrideLimit ? { overrideLimit: true } : {}),
          }),
        ),
      (order) => {
        setTicketIfFor(p.profileId, p.userId, { withdrawAmount: '', withdrawOverrideLimit: false });
        const what = `${formatMoney(p.amount, 'eur')} to ${p.bank} for ${p.user}`;
        return isNeedsReviewState(order.state)
          ? `Needs review: withdrawal of ${what}. ${order.error ?? ''}`.trim()
          : order.state === HELD && order.holdUntilMs !== null
            ? `Withdrawal held: ${what} goes at ${formatDateTime(order.holdUntilMs)} unless cancelled.`
            : order.state === AWAITING_APPROVAL
              ? `Proposed for approval: withdrawal of ${what}. It is sent once approved on the Approvals screen.`
              : `Withdrawal sent: ${what}.`;
      },
    );

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
          error={fieldError(error, 'bankAccountId')}
          hint={
            banks.loading
              ? 'Loading bank accounts…'
              : bank?.withdrawHeldUntilMs
                ? `New to the desk: a withdrawal to it is held until ${formatDateTime(bank.withdrawHeldUntilMs)}, and can be cancelled until then.`
                : undefined
          }
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
          hint={`At least ${MIN_WITHDRAW_EUR} EUR, to the cent. The fee comes off the amount.`}
          error={fieldError(error, 'amount') ?? amountMessage}
        />
        <dl className="facts compact ticket-figures" aria-label="Fee and what is paid out">
          <FeeFigures kind="withdraw" base="eur" quote={quote} />
          <BalanceFigure
            currency="eur"
            balance={eur}
            loading={Boolean(user) && !balances && !balancesError}
            unavailable={Boolean(balancesError)}
            testId="withdraw-balance"
          />
        </dl>
        <TicketFooter
          noun="withdrawal"
          blockersId={blockersId}
          blockers={blockers}
          retype={checks.retype}
          showOverride={checks.overLimit || errorKind(error) === 'limit_exceeded' || overrideLimit}
          overrideLimit={overrideLimit}
          onOverride={(checked) => setTicket({ withdrawOverrideLimit: checked })}
          submitting={submitting}
          submitLabel="Withdraw"
        />
        <ErrorAlert error={fieldError(error, 'amount') || fieldError(error, 'bankAccountId') ? null : error} />
        <ErrorAlert error={banks.error} />
        <StatusNote>{sent}</StatusNote>
      </form>
      {pending ? (
        <WithdrawConfirmDialog
          summary={pending}
          busy={submitting}
          onCancel={() => setPending(null)}
          onConfirm={() => void withdraw(pending)}
        />
      ) : null}
    </Section>
  );
}
