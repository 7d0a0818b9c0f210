import { useState } from 'react';
import type { UserView } from '../../../../shared/desk-api';
import { Section } from '../../components/Section';
import { formatDateTime } from '../../format';
import { EditUserForm } from './EditUserForm';

export function ProfileSection({ user }: { user: UserView }) {
  const [editing, setEditing] = useState(false);
  const address = [user.address, user.postalCode, user.city, user.country].filter(Boolean).join(', ');
  return (
    <Section
      title="Profile"
      actions={
        !editing ? (
          <button type="button" className="small" onClick={() => setEditing(true)}>
            Edit user
          </button>
        ) : null
      }
    >
      {editing ? (
        <EditUserForm user={user} onDone={() => setEditing(false)} />
      ) : (
        <dl className="facts">
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Phone</dt>
          <dd>{user.phone}</dd>
          <dt>Status</dt>
          <dd>{user.status}</dd>
          <dt>Date of birth</dt>
          <dd>{user.dateOfBirth ?? '—'}</dd>
          <dt>Address</dt>
          <dd>{address || '—'}</dd>
          <dt>Fetched</dt>
          <dd>{formatDateTime(user.fetchedAtMs)}</dd>
        </dl>
      )}
    </Section>
  );
}
