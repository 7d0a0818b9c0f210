// The buy/sell ticket. Buy amounts are EUR, sell amounts are crypto. Whatever the
// desk can know before sending is shown here — the fee and what the user gets at
// the live rate (shared/fees.ts), the rate's age, and every reason the order
// cannot go (user, rate, fee, balance, limit) — and Place order stays disabled,
// described by those reasons, until there are none.
import { useEffect, useId, useRef } from 'react';
import type { BalanceView, UserView } from '../../../../shared/desk-api';
import { quoteOrder } from '../../../../shared/fees';
import { checkAmount, dec, placesFor } from '../../../../shared/money';
import { DEFAULT_RETYPE_AT_BALANCE_PERCENT } from '../../../../shared/order-rules';
import { baseOf } from '../../../../shared/pairs';
import { AWAITING_APPROVAL } from '../../../../shared/order-states';
import { call, errorKind, fieldError } from '../../bridge';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { SelectField, TextField } from '../../components/Field';
import { Price } from '../../components/Money';
import { Section } from '../../components/Section';
import { safePairLabel } from '../../components/transaction-cells';
import { formatAge, formatMoney } from '../../format';
import { useNow } from '../../hooks/use-now';
import { isNeedsReviewState } from '../../state/orders';
import { useRateStaleAfterMs, useRates } from '../../state/rates';
import { useSession } from '../../state/session';
import { useSettings } from '../../state/settings';
import { setSide, setTicket, setTicketIfFor, useTicket } from '../../state/ticket';
import { userLabel } from '../../state/users';
import { FeeFigures } from './FeeFigures';
import { OrderConfirmDialog, type OrderSummary } from './OrderConfirmDialog';
import { balancesBlocker, rateBlocker, userBlockers } from './gates';
import { checkAmountFacts } from './ticket-checks';
import { BalanceFigure } from './BalanceFigure';
import { TicketFooter } from './TicketFooter';
import { useOrderSubmit } from './use-order-submit';
import '../../styles/ticket.css';

interface TicketProps {
  user: UserView | null;
  balances: BalanceView[] | undefined;
  balancesError: unknown;
}

export function TradeTicket({ user, balances, balancesError }: TicketProps) {
  const side = useTicket((s) => s.side);
  const storedPair = useTicket((s) => s.pair);
  const amountText = useTicket((s) => s.amount);
  const overrideLimit = useTicket((s) => s.overrideLimit);
  const focusRequest = useTicket((s) => s.focusRequest);
  const pairs = useRates((s) => s.pairs);
  const pair = storedPair && pairs.includes(storedPair) ? storedPair : (pairs[0] ?? '');
  const rate = useRates((s) => (pair ? s.latest[pair] : undefined));
  const session = useSession((s) => s.session);
  const settings = useSettings((s) => s.settings);
  const staleAfterMs = useRateStaleAfterMs();
  const now = useNow(1000);

  const { confirming, setConfirming, submitting, inFlight, error, setError, sent, setSent, submit } = useOrderSubmit<OrderSummary>();
  const amountRef = useRef<HTMLInputElement>(null);
  const blockersId = useId();

  useEffect(() => {
    if (focusRequest > 0) amountRef.current?.focus();
  }, [focusRequest]);

  const base = baseOf(pair);
  const amountCurrency = side === 'buy' ? 'eur' : base;
  const amount = checkAmount(amountText, placesFor(amountCurrency));
  const price = rate ? (side === 'buy' ? rate.priceBuy : rate.priceSell) : null;
  const quote = amount.ok && price !== null && dec(price).gt(0) ? quoteOrder(side, amount.value, price, base) : null;
  const pairName = pair ? safePairLabel(pair) : 'pair';
  const balance = balances?.find((b) => b.currency.toLowerCase() === amountCurrency);

  const checks = checkAmountFacts({
    kind: side,
    amountText,
    amount,
    currency: amountCurrency,
    balance: balance?.balance ?? null,
    balanceUnreadable: Boolean(balancesError) || (balances !== undefined && !balance),
    quote,
    price,
    limitEur: settings?.perOrderLimitEur ?? null,
    overrideLimit,
    retypeAtBalancePercent: settings?.retypeAtBalancePercent ?? DEFAULT_RETYPE_AT_BALANCE_PERCENT,
  });
  const staleReason = pair ? rateBlocker(rate, now, staleAfterMs, pairName) : 'No pairs are available.';
  const blockers = [...userBlockers(user, session)];
  if (staleReason) blockers.push(staleReason);
  const waiting = balancesBlocker(user, balances, balancesError);
  if (waiting) blockers.push(waiting);
  blockers.push(...checks.blockers);

  const amountMessage = amountText.trim() !== '' && !amount.ok ? amount.message : undefined;
  const limitHit = errorKind(error) === 'limit_exceeded';

  const review = (): void => {
    setSent(null);
    if (!amount.ok) {
      amountRef.current?.focus();
      return;
    }
    if (blockers.length > 0 || !user || !rate || !session || inFlight()) return;
    setConfirming({
      profileId: session.profileId,
      environment: session.profileName,
      production: session.profileKind === 'production',
      userId: user.id,
      user: userLabel(user),
      side,
      pair,
      pairName,
      base,
      amount: amount.value,
      amountCurrency,
      amountText: formatMoney(amount.value, amountCurrency),
      overrideLimit,
      retype: checks.retype,
    });
  };

  const place = (summary: OrderSummary): Promise<void> =>
    submit(
      () =>
        call((d) =>
          d.orders.place({
            profileId: summary.profileId,
            userId: summary.userId,
            side: summary.side,
            pair: summary.pair,
            amount: summary.amount,
            ...(summary.overrideLimit ? { overrideLimit: true } : {}),
          }),
        ),
      (order) => {
        setTicketIfFor(summary.profileId, summary.userId, { amount: '', overrideLimit: false });
        const what = `${summary.side} ${summary.amountText} (${summary.pairName}) for ${summary.user}`;
        return isNeedsReviewState(order.state)
          ? `Needs review: ${what}. ${order.error ?? ''}`.trim()
          : order.state === AWAITING_APPROVAL
            ? `Proposed for approval: ${what}. It is sent once approved on the Approvals screen.`
            : `Order sent: ${what}. Its progress is listed below.`;
      },
    );

  return (
    <Section title="Order ticket" className="ticket">
      <form
        className="form-grid"
        noValidate
        aria-label="Order ticket"
        onSubmit={(e) => {
          e.preventDefault();
          review();
        }}
      >
        <fieldset className="segmented">
          <legend>Side</legend>
          {(['buy', 'sell'] as const).map((s) => (
            <label key={s} className={side === s ? 'checked' : undefined}>
              <input
                type="radio"
                name="side"
                value={s}
                checked={side === s}
                onChange={() => setSide(s)}
                aria-keyshortcuts={s === 'buy' ? 'Alt+B' : 'Alt+S'}
              />
              {s === 'buy' ? 'Buy' : 'Sell'}
            </label>
          ))}
        </fieldset>
        <SelectField label="Pair" value={pair} onValue={(v) => setTicket({ pair: v })} disabled={pairs.length === 0}>
          {pairs.length === 0 ? <option value="">No pairs</option> : null}
          {pairs.map((p) => (
            <option key={p} value={p}>
              {safePairLabel(p)}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Amount"
          inputRef={amountRef}
          inputMode="decimal"
          autoComplete="off"
          value={amountText}
          onValue={(v) => {
            setTicket({ amount: v });
            setError(null);
          }}
          adornment={<span className="unit">{amountCurrency.toUpperCase()}</span>}
          hint={side === 'buy' ? 'How much EUR the user spends.' : `How much ${base.toUpperCase()} the user sells.`}
          error={fieldError(error, 'amount') ?? amountMessage}
          aria-keyshortcuts="Alt+T"
        />
        <div className="rate-box" data-testid="live-rate">
          {rate ? (
            <>
              <span>
                {pairName} buy <Price price={rate.priceBuy} /> · sell <Price price={rate.priceSell} />
              </span>
              <span className={staleReason ? 'stale' : 'fresh'}>rate age {formatAge(now - rate.receivedAtMs)}</span>
            </>
          ) : (
            <span className="muted">Waiting for a {pairName} rate…</span>
          )}
        </div>
        <dl className="facts compact ticket-figures" aria-label="Fee and what the user gets">
          <FeeFigures kind={side} base={base} quote={quote} />
          <BalanceFigure
            currency={amountCurrency}
            balance={balance}
            loading={Boolean(user) && !balances && !balancesError}
            unavailable={Boolean(balancesError)}
            testId="ticket-balance"
          />
        </dl>
        <TicketFooter
          noun="order"
          blockersId={blockersId}
          blockers={blockers}
          retype={checks.retype}
          showOverride={checks.overLimit || limitHit || overrideLimit}
          overrideLimit={overrideLimit}
          onOverride={(checked) => setTicket({ overrideLimit: checked })}
          submitting={submitting}
          submitLabel="Place order"
        />
        <ErrorAlert error={fieldError(error, 'amount') ? null : error} />
        <StatusNote>{sent}</StatusNote>
      </form>
      {confirming ? (
        <OrderConfirmDialog
          summary={confirming}
          rate={rate}
          now={now}
          busy={submitting}
          blocker={staleReason}
          onCancel={() => setConfirming(null)}
          onConfirm={() => void place(confirming)}
        />
      ) : null}
    </Section>
  );
}
