// Wires every bridge event to its store once, at start; returns the unsubscribe.
import { onDesk } from '../bridge';
import { applyApprovalsChanged } from './approvals';
import { upsertOrder } from './orders';
import { applyPolicyChanged } from './policy-changed';
import { applyTick } from './rates';
import { askForTotp, setSession } from './session';
import { applySyncProgress } from './transactions';
import { upsertUser } from './users';
import { applyWorkspaceChanged } from './workspace';

export function startBridgeEvents(): () => void {
  const offs = [
    onDesk('session.changed', setSession),
    onDesk('session.totpNeeded', askForTotp),
    onDesk('rates.tick', applyTick),
    onDesk('orders.updated', upsertOrder),
    onDesk('users.updated', upsertUser),
    onDesk('transactions.syncProgress', applySyncProgress),
    onDesk('approvals.changed', applyApprovalsChanged),
    onDesk('workspace.changed', applyWorkspaceChanged),
    onDesk('policy.changed', applyPolicyChanged),
  ];
  return () => {
    for (const off of offs) off();
  };
}
