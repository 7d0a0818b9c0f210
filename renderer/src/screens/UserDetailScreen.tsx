// One user: profile, KYC, bank accounts, deposit instructions, balances and
// transactions. Everything here acts on the user named in the heading.
import { call, errorKind } from '../bridge';
import { KycBadge, UserStatusBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { Loading } from '../components/States';
import { useLoad } from '../hooks/use-load';
import { hrefFor, navigate } from '../state/navigation';
import { whileSameEnvironment } from '../state/same-environment';
import { useSession } from '../state/session';
import { requestTicketFocus, setTicketUser } from '../state/ticket';
import { upsertUser, userName, useUsers } from '../state/users';
import { BalancesSection } from './user/BalancesSection';
import { BanksSection } from './user/BanksSection';
import { DepositSection } from './user/DepositSection';
import { KycSection } from './user/KycSection';
import { ProfileSection } from './user/ProfileSection';
import { UserTransactionsSection } from './user/UserTransactionsSection';

export function UserDetailScreen({ userId }: { userId: number }) {
  const profileId = useSession((s) => s.session?.profileId ?? '');
  // Drafts, messages and answers still on their way belong to one user of one
  // environment. A new key for either makes React start every section afresh, and
  // the old sections' late answers (an added bank account, say) land nowhere.
  return <UserDetail key={`${profileId}:${userId}`} userId={userId} />;
}

function UserDetail({ userId }: { userId: number }) {
  const user = useUsers((s) => s.byId[userId]);
  // Always re-open on arrival: the directory may hold an old KYC status.
  const opened = useLoad(String(userId), async () => {
    const keep = whileSameEnvironment(upsertUser);
    const fresh = await call((d) => d.users.open({ userId }));
    keep(fresh);
    return fresh;
  });

  // A user only seen in a transaction is in the directory without a profile: wait for the fresh one.
  if (!user || user.status === '') {
    return (
      <div className="screen">
        <p>
          <a href={hrefFor({ screen: 'users' })}>← Users</a>
        </p>
        <h1>User #{userId}</h1>
        {opened.loading ? <Loading what={`user ${userId}`} /> : null}
        <ErrorAlert
          error={errorKind(opened.error) === 'not_found' ? `There is no user with id ${userId} in this environment.` : opened.error}
        />
      </div>
    );
  }

  const fullName = userName(user);
  // Trading is the main action only for a user who can trade; an active user still
  // waiting for KYC keeps a plain way to the ticket (it says why it is blocked), and
  // a disabled or deleted user gets none.
  const canTrade = user.status === 'active' && user.kycStatus === 'verified';
  return (
    <div className="screen">
      <p>
        <a href={hrefFor({ screen: 'users' })}>← Users</a>
      </p>
      <div className="title-row">
        <h1 className="user-title">
          <span className="user-title-name" title={fullName}>
            {fullName}
          </span>{' '}
          <span className="muted user-title-id">#{user.id}</span>
        </h1>
        <UserStatusBadge status={user.status} />
        <KycBadge status={user.kycStatus} />
        {user.status === 'active' ? (
          <button
            type="button"
            className={canTrade ? 'primary' : undefined}
            onClick={() => {
              setTicketUser(user.id);
              navigate({ screen: 'trade' });
              requestTicketFocus();
            }}
          >
            Trade for this user
          </button>
        ) : (
          <p className="title-note" data-testid="inactive-note">
            {user.status === 'disabled' || user.status === 'deleted'
              ? `This user is ${user.status}`
              : `This user’s status is “${user.status}”`}
            : no trading, withdrawals, new bank accounts or KYC imports until the status is set back to Active (Edit user).
          </p>
        )}
      </div>
      {opened.error ? (
        <ErrorAlert
          error={`Showing the last known details: ${opened.error instanceof Error ? opened.error.message : String(opened.error)}`}
        />
      ) : null}
      <div className="two-col">
        <div className="stack">
          <ProfileSection user={user} />
          <KycSection user={user} />
          <DepositSection userId={user.id} />
        </div>
        <div className="stack">
          <BalancesSection userId={user.id} />
          <BanksSection userId={user.id} userStatus={user.status} />
        </div>
      </div>
      <UserTransactionsSection userId={user.id} />
    </div>
  );
}
