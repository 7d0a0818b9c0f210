// The team database answers again after being away (workspace.backAgain): the lists
// read from it meanwhile show an error ("refused the login", "cannot be reached") or
// miss what other desks did, and nothing else would read them again — the live
// updates of that time were never heard. So each is read once more. The Audit
// screen follows backAgain itself (it keeps its rows in the screen).
import { loadApprovals } from './approvals';
import { loadOrders } from './orders';
import { useTransactions } from './transactions';
import { useUsers } from './users';
import { useWorkspace } from './workspace';

export function reloadWhenWorkspaceIsBack(): () => void {
  return useWorkspace.subscribe((now, before) => {
    if (now.backAgain === before.backAgain) return;
    // The Users directory and the transactions table read again when their version moves.
    useUsers.setState((s) => ({ version: s.version + 1 }));
    useTransactions.setState((s) => ({ dataVersion: s.dataVersion + 1 }));
    void loadOrders();
    void loadApprovals();
  });
}
