// policy.changed: another desk (or this one) changed the team's policy. What
// Settings and the Approvals screen show of it — the per-order limit and who set
// it, the rate move limit, the rules — is read again, once per burst of changes
// (a policy saved with several rules is one event per rule).
import type { DeskEvents } from '../../../shared/desk-api';
import { loadPolicy } from './approvals';
import { createReloader } from '../domain/reloads';
import { loadSettings } from './settings';

const settings = createReloader(loadSettings);
const policy = createReloader(loadPolicy);

export function applyPolicyChanged(event: DeskEvents['policy.changed']): void {
  // The limit is part of settings.get's answer; the rules and the rate move limit are policy.get's.
  void policy.load();
  if (event.changed === 'limits') void settings.load();
}
