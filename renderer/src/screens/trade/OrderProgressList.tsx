// Every order from this desk with its progress: (held → | awaiting approval →) sending →
// accepted (transaction id) → settled or failed — or "Needs review" when the desk cannot
// tell whether the order went through (the row's error says what to check). A proposal
// that was rejected or expired says so, and was never sent. It sits beside the
// tickets, so the next order can be written while earlier ones finish.
import type { OrderView } from '../../../../shared/desk-api';
import { orderCurrency } from '../../../../shared/pairs';
import { AWAITING_APPROVAL, HELD, isFailedOrderState, isNeedsReviewState, isSuccessfulOrderState } from '../../../../shared/order-states';
import { StateBadge } from '../../components/Badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { Empty } from '../../components/States';
import { safePairLabel } from '../../components/transaction-cells';
import { formatDateTime, formatMoney } from '../../format';
import { useOrders } from '../../state/orders';
import { useSession } from '../../state/session';
import { useUsers } from '../../state/users';
import { AwaitingApproval } from './AwaitingApproval';
import { CancelHeldButton, HeldUntil } from './HeldOrder';
import { SettleOrderButton } from './SettleOrderDialog';

export function orderStateText(order: OrderView): string {
  switch (order.state) {
    case HELD:
      return 'Held: new bank account';
    case AWAITING_APPROVAL:
      return 'Awaiting approval';
    // A proposal rejected or expired before approval has no transaction: it was never sent.
    case 'rejected':
      if (order.withdrawn) return 'Withdrawn: not sent';
      return order.transactionId === null ? 'Rejected: not sent' : 'Failed (rejected)';
    case 'expired':
      return order.transactionId === null ? 'Expired unapproved: not sent' : 'Failed (expired)';
    case 'cancelled':
      return 'Cancelled';
    case 'sending':
      return 'Sending…';
    case 'accepted':
      return order.transactionId ? `Accepted — transaction #${order.transactionId}` : 'Accepted';
    case 'pending':
      return order.transactionId ? `Pending — transaction #${order.transactionId}` : 'Pending';
    default:
      if (isNeedsReviewState(order.state)) return 'Needs review';
      if (isSuccessfulOrderState(order.state)) return 'Settled';
      if (order.state === 'failed') return 'Failed';
      if (isFailedOrderState(order.state)) return `Failed (${order.state})`;
      return order.state;
  }
}

/** The badge's tone follows the meaning of the state, not its spelling. */
function badgeState({ state, withdrawn }: OrderView): string {
  // The proposer's own choice, not a failure: neutral, as on the Approvals screen.
  if (withdrawn) return 'withdrawn';
  // Drawn in the warning tone, like an order still pending: it needs the operator's eye.
  if (isNeedsReviewState(state) || state === HELD || state === AWAITING_APPROVAL) return 'pending';
  if (isSuccessfulOrderState(state)) return 'success';
  if (isFailedOrderState(state)) return 'failed';
  return state;
}

function orderAmount(order: OrderView): string {
  return formatMoney(order.amount, orderCurrency(order.kind, order.pair));
}

export function OrderProgressList() {
  const allOrders = useOrders((s) => s.orders);
  const profileId = useSession((s) => s.session?.profileId);
  // The journal may hold other environments' orders; show this one's only.
  const orders = profileId ? allOrders.filter((o) => o.profileId === profileId) : allOrders;
  const error = useOrders((s) => s.error);
  const loaded = useOrders((s) => s.loaded);
  const byId = useUsers((s) => s.byId);
  const latest = orders[0];

  return (
    <Section title="Order progress">
      <div role="status" className="sr-only">
        {latest ? `Latest order: ${latest.kind} ${orderAmount(latest)} for user ${latest.userId}: ${orderStateText(latest)}` : ''}
      </div>
      <ErrorAlert error={error} />
      {loaded && orders.length === 0 ? <Empty>No orders yet.</Empty> : null}
      {orders.length > 0 ? (
        <table className="table" aria-label="Orders">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">User</th>
              <th scope="col">Order</th>
              <th scope="col" className="num">
                Amount
              </th>
              <th scope="col">Progress</th>
              <th scope="col">Transaction</th>
            </tr>
          </thead>
          <tbody>
            {orders.slice(0, 50).map((o) => {
              const user = byId[o.userId];
              return (
                <tr key={o.id} data-order-id={o.id} data-state={o.state}>
                  <td>{formatDateTime(o.createdAtMs)}</td>
                  <td>{user ? `${user.name} ${user.surname} (#${o.userId})` : `#${o.userId}`}</td>
                  <td>
                    {o.kind === 'withdraw' ? 'Withdraw' : o.kind === 'buy' ? 'Buy' : 'Sell'} {o.pair ? safePairLabel(o.pair) : ''}
                  </td>
                  <td className="num">{orderAmount(o)}</td>
                  <td>
                    <StateBadge state={badgeState(o)} label={orderStateText(o)} />
                    {o.error ? <div className={o.withdrawn ? 'muted' : 'field-error'}>{o.error}</div> : null}
                    {isNeedsReviewState(o.state) ? <SettleOrderButton order={o} /> : null}
                    {o.state === AWAITING_APPROVAL ? <AwaitingApproval order={o} /> : null}
                    {o.state === HELD && o.holdUntilMs !== null ? (
                      <>
                        <HeldUntil holdUntilMs={o.holdUntilMs} />
                        <CancelHeldButton order={o} />
                      </>
                    ) : null}
                  </td>
                  <td className="num">{o.transactionId ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}
