// Users: the local directory (search by name, e-mail or id), open a user by id,
// and create a user.
import { useState } from 'react';
import { call, errorKind } from '../bridge';
import { KycBadge, UserStatusBadge } from '../components/Badges';
import { ErrorAlert } from '../components/ErrorAlert';
import { TextField } from '../components/Field';
import { Section } from '../components/Section';
import { Empty, Loading } from '../components/States';
import { useDebounced } from '../hooks/use-debounced';
import { useLoad } from '../hooks/use-load';
import { hrefFor, navigate } from '../state/navigation';
import { upsertUser, upsertUsers, userName, useUsers } from '../state/users';
import { CreateUserForm } from './users/CreateUserForm';
import { SEARCH_TEXT_MAX } from '../../../shared/search-limits';

export function UsersScreen() {
  return (
    <div className="screen">
      <h1>Users</h1>
      <div className="two-col wide-left">
        <Directory />
        <div className="stack">
          <OpenById />
          <CreateUserForm />
        </div>
      </div>
    </div>
  );
}

function Directory() {
  const query = useUsers((s) => s.query);
  const version = useUsers((s) => s.version);
  const debounced = useDebounced(query.trim(), 200);
  const users = useLoad(`${debounced}|${version}`, async () => {
    const list = await call((d) => d.users.directory(debounced ? { query: debounced } : {}));
    upsertUsers(list);
    return list;
  });

  return (
    <Section title="Directory">
      <div className="field">
        <input
          type="search"
          maxLength={SEARCH_TEXT_MAX}
          className="search"
          aria-label="Search users"
          placeholder="Search by name, e-mail or id"
          value={query}
          onChange={(e) => useUsers.setState({ query: e.target.value })}
        />
      </div>
      <ErrorAlert error={users.error} />
      {users.loading && !users.data ? <Loading what="users" /> : null}
      {users.data && users.data.length === 0 ? (
        <Empty>{debounced ? `No user matches “${debounced}”.` : 'No users yet: create one, or open a user by id.'}</Empty>
      ) : null}
      {users.data && users.data.length > 0 ? (
        <table className="table directory-table" aria-label="Users">
          <colgroup>
            <col className="col-id" />
            <col className="col-name" />
            <col className="col-email" />
            <col className="col-status" />
            <col className="col-kyc" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">KYC</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <td className="num">{u.id}</td>
                {/* One line each: a long name or e-mail ends in "…", whole in its tooltip. */}
                <td className="cell-clip">
                  <a href={hrefFor({ screen: 'user', userId: u.id })} title={userName(u)}>
                    {userName(u)}
                  </a>
                </td>
                {/* A user only seen in a transaction has no profile until it is opened. */}
                <td className="cell-clip" title={u.email || undefined}>
                  {u.email || <span className="muted">Not opened yet</span>}
                </td>
                <td>{u.status ? <UserStatusBadge status={u.status} /> : '—'}</td>
                <td>{u.kycStatus ? <KycBadge status={u.kycStatus} /> : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Section>
  );
}

function OpenById() {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const valid = /^[1-9]\d{0,9}$/.test(text.trim());

  const open = async (): Promise<void> => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const user = await call((d) => d.users.open({ userId: Number(text.trim()) }));
      upsertUser(user);
      navigate({ screen: 'user', userId: user.id });
    } catch (e) {
      setError(errorKind(e) === 'not_found' ? `There is no user with id ${text.trim()} in this environment.` : e);
      setBusy(false);
    }
  };

  return (
    <Section title="Open a user by id">
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <TextField
          label="User ID"
          inputMode="numeric"
          value={text}
          onValue={(value) => {
            setText(value);
            // "No user with id 999" speaks of the id that was typed, not of the next one.
            setError(null);
          }}
          error={text.trim() !== '' && !valid ? 'A user id is a whole number such as 12.' : undefined}
        />
        <button type="submit" disabled={!valid || busy}>
          {busy ? 'Opening…' : 'Open user'}
        </button>
      </form>
      <ErrorAlert error={error} />
    </Section>
  );
}
