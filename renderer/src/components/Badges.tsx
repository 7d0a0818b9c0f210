import type { KycStatus, UserStatus } from '../../../shared/desk-api';
import { kycLabel } from '../domain/kyc';

const kycTone: Record<string, string> = { verified: 'ok', pending: 'warn', failed: 'bad', declined: 'bad', not_started: 'muted' };
const statusTone: Record<string, string> = { active: 'ok', disabled: 'warn', deleted: 'bad' };
const stateTone: Record<string, string> = {
  success: 'ok',
  accepted: 'info',
  sending: 'info',
  pending: 'warn',
  failed: 'bad',
  rejected: 'bad',
  error: 'bad',
};

export function KycBadge({ status }: { status: KycStatus }) {
  return <span className={`badge badge-${kycTone[status] ?? 'muted'}`}>KYC {kycLabel(status).toLowerCase()}</span>;
}

export function UserStatusBadge({ status }: { status: UserStatus }) {
  return <span className={`badge badge-${statusTone[status] ?? 'muted'}`}>{status}</span>;
}

export function StateBadge({ state, label }: { state: string; label?: string }) {
  return <span className={`badge badge-${stateTone[state] ?? 'muted'}`}>{label ?? state}</span>;
}
