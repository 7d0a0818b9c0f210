// Trade: one user chosen at the top, then the buy/sell ticket and the withdraw
// ticket for that user, and the progress of every order placed from this desk.
import { call } from '../bridge';
import { KycBadge, UserStatusBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { SelectField } from '../components/Field';
import { useLoad } from '../hooks/use-load';
import { hrefFor } from '../state/navigation';
import { whileSameEnvironment } from '../state/same-environment';
import { useSession } from '../state/session';
import { setTicketUser, useTicketUserId } from '../state/ticket';
import { useUserOrderVersion } from '../state/user-activity';
import { upsertUser, upsertUsers, userLabel, userName, useUsers } from '../state/users';
import { kycLabel } from '../domain/kyc';
import { OrderProgressList } from './trade/OrderProgressList';
import { TradeTicket } from './trade/TradeTicket';
import { WithdrawTicket } from './trade/WithdrawTicket';

export function TradeScreen() {
  const userId = useTicketUserId();
  const profileId = useSession((s) => s.session?.profileId ?? '');
  const user = useUsers((s) => (userId === null ? undefined : s.byId[userId]));
  const byId = useUsers((s) => s.byId);
  const directory = useLoad('directory', async () => {
    const keep = whileSameEnvironment(upsertUsers);
    const list = await call((d) => d.users.directory({}));
    keep(list);
    return list;
  });
  // Refresh the chosen user so the KYC gate never rests on a stale directory row.
  const fresh = useLoad(userId === null ? null : String(userId), async () => {
    const keep = whileSameEnvironment(upsertUser);
    const u = await call((d) => d.users.open({ userId: userId ?? 0 }));
    keep(u);
    return u;
  });
  const orderVersion = useUserOrderVersion(userId ?? 0);
  const balances = useLoad(userId === null ? null : `${userId}|${orderVersion}`, () =>
    call((d) => d.balances.user({ userId: userId ?? 0 })),
  );

  const known = Object.values(byId).sort((a, b) => a.id - b.id);
  return (
    <div className="screen">
      <h1>Trade</h1>
      <div className="card user-pick">
        <SelectField
          label="User"
          value={userId === null ? '' : String(userId)}
          onValue={(v) => setTicketUser(v === '' ? null : Number(v))}
          hint={
            directory.loading
              ? 'Loading users…'
              : known.length === 0
                ? 'No users in the directory yet: create or open one on the Users screen.'
                : undefined
          }
        >
          <option value="">Choose a user…</option>
          {known.map((u) => (
            <option key={u.id} value={u.id}>
              {userLabel(u)}
              {u.kycStatus ? ` — KYC ${kycLabel(u.kycStatus).toLowerCase()}` : ' — not opened yet'}
              {u.status && u.status !== 'active' ? `, ${u.status}` : ''}
            </option>
          ))}
        </SelectField>
        {user ? (
          <div className="user-summary">
            <a className="clip" href={hrefFor({ screen: 'user', userId: user.id })} title={userName(user)}>
              {userName(user)}
            </a>{' '}
            <span className="muted clip" title={user.email}>
              {user.email}
            </span>{' '}
            <UserStatusBadge status={user.status} /> <KycBadge status={user.kycStatus} />
            {/* KYC is done on the user's page: send the operator there, not to the ticket's blockers. */}
            {user.kycStatus !== 'verified' ? (
              <a className="kyc-link" href={hrefFor({ screen: 'user', userId: user.id })}>
                KYC on the user’s page
              </a>
            ) : null}
          </div>
        ) : null}
        <ErrorAlert error={directory.error} />
        <ErrorAlert error={fresh.error} />
      </div>
      <div className="two-col">
        {/* Keyed by environment and user: the tickets' messages are about the last one's orders. */}
        <TradeTicket key={`t:${profileId}:${userId ?? ''}`} user={user ?? null} balances={balances.data} balancesError={balances.error} />
        <WithdrawTicket
          key={`w:${profileId}:${userId ?? ''}`}
          user={user ?? null}
          balances={balances.data}
          balancesError={balances.error}
        />
      </div>
      <OrderProgressList />
    </div>
  );
}
