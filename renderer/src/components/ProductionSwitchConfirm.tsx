// The confirmation before the desk switches to a production environment: one red
// dialog, with the same words, for the Environments screen and the command palette.
import type { ProfileView } from '../../../shared/desk-api';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  profile: ProfileView;
  busy: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ProductionSwitchConfirm({ profile, busy, error, onConfirm, onCancel }: Props) {
  return (
    <ConfirmDialog
      title={`Switch to PRODUCTION (${profile.name})?`}
      confirmLabel="Switch to production"
      tone="danger"
      busy={busy}
      error={error}
      onCancel={onCancel}
      onConfirm={onConfirm}
    >
      <p>Every order placed after this goes to real customers with real money at {profile.baseUrl}.</p>
    </ConfirmDialog>
  );
}
