// Wires every bridge event to its store once, at start (and what follows from them); returns the unsubscribe.
import { onDesk } from '../bridge';
import { applyApprovalsChanged } from './approvals';
import { applyTrailBroken } from './audit-trail';
import { applyHealth } from './kriptomat-health';
import { upsertOrder } from './orders';
import { applyPolicyChanged } from './policy-changed';
import { applyTick } from './rates';
import { askForTotp, setSession } from './session';
import { applySyncProgress } from './transactions';
import { upsertUser } from './users';
import { applyWorkspaceChanged } from './workspace';
import { reloadWhenWorkspaceIsBack } from './workspace-back';

export function startBridgeEvents(): () => void {
  const offs = [
    onDesk('session.changed', setSession),
    onDesk('session.totpNeeded', askForTotp),
    onDesk('rates.tick', applyTick),
    onDesk('kriptomat.health', applyHealth),
    onDesk('orders.updated', upsertOrder),
    onDesk('users.updated', upsertUser),
    onDesk('transactions.syncProgress', applySyncProgress),
    onDesk('approvals.changed', applyApprovalsChanged),
    onDesk('workspace.changed', applyWorkspaceChanged),
    onDesk('policy.changed', applyPolicyChanged),
    onDesk('audit.trailBroken', applyTrailBroken),
    reloadWhenWorkspaceIsBack(),
  ];
  return () => {
    for (const off of offs) off();
  };
}
