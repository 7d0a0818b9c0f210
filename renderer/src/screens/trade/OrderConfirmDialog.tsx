// The last look before an order leaves: environment (named loudly in production),
// user, side, pair, amount, the rate and its age, the fee and what the user gets.
// The figures follow the live rate while the dialog is open, as the API will book
// at its own rate of the moment. Focus is on "Confirm order", so Enter confirms and
// Escape cancels — unless the order is large, when the amount must be typed again
// first (RetypeGuard takes the focus).
import { useState } from 'react';
import type { RateView } from '../../../../shared/desk-api';
import { quoteOrder } from '../../../../shared/fees';
import { dec, placesFor } from '../../../../shared/money';
import { retypeMatches } from '../../../../shared/order-rules';
import type { Side } from '../../state/ticket';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatAge, formatPrice } from '../../format';
import { FeeFigures } from './FeeFigures';
import { LimitOverridden, WhereAndWho } from './SummaryFigures';
import { RetypeGuard } from './RetypeGuard';
import '../../styles/ticket.css';

/** Once confirmed the order goes out whatever the operator does next: say so. */
const SENT_NOTE = 'Confirmed: the order is on its way and can no longer be cancelled. Its progress is listed under Order progress.';

export interface OrderSummary {
  /** The environment the ticket was written for: main refuses the order on any other. */
  profileId: string;
  environment: string;
  production: boolean;
  userId: number;
  user: string;
  side: Side;
  pair: string;
  pairName: string;
  /** The pair's crypto. */
  base: string;
  /** Canonical amount text, in `amountCurrency`. */
  amount: string;
  amountCurrency: string;
  amountText: string;
  overrideLimit: boolean;
  /** Why the amount must be typed again before Confirm; empty when it need not. */
  retype: string[];
}

interface Props {
  summary: OrderSummary;
  /** The pair's latest rate, live. */
  rate: RateView | undefined;
  now: number;
  busy: boolean;
  blocker: string | null;
  onCancel: () => void;
  onConfirm: () => void;
}

const CONFIRM = 'Confirm order';

export function OrderConfirmDialog({ summary, rate, now, busy, blocker, onCancel, onConfirm }: Props) {
  const [retyped, setRetyped] = useState('');
  const verb = summary.side === 'buy' ? 'Buy' : 'Sell';
  const title = summary.production
    ? `PRODUCTION (${summary.environment}): ${verb.toLowerCase()} for real?`
    : `Confirm ${verb.toLowerCase()} in ${summary.environment}`;
  const price = rate ? (summary.side === 'buy' ? rate.priceBuy : rate.priceSell) : null;
  const quote = price && dec(price).gt(0) ? quoteOrder(summary.side, summary.amount, price, summary.base) : null;
  const places = placesFor(summary.amountCurrency);
  const guarded = summary.retype.length > 0;
  const retypeOk = !guarded || retypeMatches(retyped, summary.amount, places);
  const ageMs = rate ? now - rate.receivedAtMs : null;
  return (
    <ConfirmDialog
      title={title}
      confirmLabel={CONFIRM}
      tone={summary.production ? 'danger' : 'normal'}
      busy={busy}
      busyNote={SENT_NOTE}
      disabled={blocker !== null || !retypeOk}
      error={blocker}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <dl className="facts summary">
        <WhereAndWho production={summary.production} environment={summary.environment} user={summary.user} />
        <dt>Side</dt>
        <dd>{verb}</dd>
        <dt>Pair</dt>
        <dd>{summary.pairName}</dd>
        <dt>{summary.side === 'buy' ? 'Amount paid' : 'Amount sold'}</dt>
        <dd data-testid="amount">
          <strong className="money">{summary.amountText}</strong>
        </dd>
        <dt>Rate</dt>
        <dd data-testid="rate">
          {price ? (
            <>
              <span className="money" data-price={price}>
                {formatPrice(price)}
              </span>{' '}
              per {summary.base.toUpperCase()} ({summary.side} price),{' '}
              <span data-testid="rate-age" className={blocker ? 'rate-age stale' : 'rate-age'}>
                {formatAge(ageMs ?? 0)} old
              </span>
            </>
          ) : (
            'no rate yet'
          )}
        </dd>
        <FeeFigures kind={summary.side} base={summary.base} quote={quote} />
        <LimitOverridden overridden={summary.overrideLimit} />
      </dl>
      <p className="muted ticket-footnote">
        {summary.side === 'buy' ? `The fee is exact; the ${summary.base.toUpperCase()} received follows` : 'These figures follow'} the live
        rate: Kriptomat books at its own rate of the moment.
      </p>
      {guarded ? (
        <RetypeGuard
          reasons={summary.retype}
          amount={summary.amount}
          currency={summary.amountCurrency}
          places={places}
          value={retyped}
          onValue={setRetyped}
          onConfirm={() => {
            if (blocker === null && !busy) onConfirm();
          }}
          confirmLabel={CONFIRM}
          disabled={busy}
        />
      ) : null}
    </ConfirmDialog>
  );
}
