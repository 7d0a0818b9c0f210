// policy.* — the risk policy. In the Team workspace on a shared profile it is the
// team's (approval rules and the rate move a proposal may span, in the team
// database): every desk reads it, only a desk admin changes it, and the
// database's grants refuse anyone else — the desk does not guess first. Solo (and
// the Local sandbox) has the desk's own cool-off on withdrawals to new bank
// accounts (orders/hold.ts reads the same setting); rules need the team.
import type { ApprovalRuleView, PolicyUpdate, PolicyView } from '../../../shared/api/approvals';
import { DeskFailure } from '../../errors';
import { approvalsOf, whoami } from './access';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import type { ApprovalRule, JournalApprovals } from '../../store/port';

export const SOLO_POLICY_NOTE =
  'Approval rules need a second operator, so they work in the team workspace. Here, withdrawals to bank accounts new to the desk can be held for a number of hours.';
const TEAM_HOLD_MESSAGE =
  'The withdrawal hold is for the Solo workspace. In a team, add a withdrawal rule for bank accounts added less than N hours ago: such withdrawals then need an approval.';
const SOLO_RULES_MESSAGE = 'Approval rules and the rate move limit need a second operator, so they work in the team workspace only.';

export function ruleView(rule: ApprovalRule): ApprovalRuleView {
  return {
    id: rule.id,
    action: rule.action,
    thresholdEur: rule.thresholdEur,
    newAccountHours: rule.newAccountHours,
    approvalsNeeded: rule.approvalsNeeded,
    // Exact, so an edit in Settings saves back what the database holds (the CLI may set seconds).
    expirySeconds: rule.expirySeconds,
    enabled: rule.enabled,
    position: rule.position,
    updatedBy: rule.updatedBy,
    updatedAtMs: rule.updatedAtMs,
  };
}

function describeUpdate(patch: PolicyUpdate): string {
  const parts: string[] = [];
  if (patch.withdrawHoldHours !== undefined) parts.push(`withdrawal hold ${patch.withdrawHoldHours} h`);
  if (patch.rateMovePercent !== undefined) parts.push(`rate move limit ${patch.rateMovePercent}%`);
  for (const rule of patch.saveRules ?? []) parts.push(rule.id === undefined ? `add a ${rule.action} rule` : `change rule ${rule.id}`);
  for (const id of patch.removeRules ?? []) parts.push(`remove rule ${id}`);
  return `policy: ${parts.join(', ') || 'no change'}`;
}

function fieldsOnly(message: string, fields: string[]): DeskFailure {
  return new DeskFailure('invalid_input', message, { fieldErrors: Object.fromEntries(fields.map((f) => [f, [message]])) });
}

export function createPolicyHandlers(ctx: ServiceContext): HandlersOf<'policy'> {
  const soloView = (): PolicyView => ({
    workspace: 'solo',
    editable: true,
    rules: [],
    withdrawHoldHours: ctx.settings.get().withdrawHoldHours,
    rateMovePercent: null,
    note: SOLO_POLICY_NOTE,
  });

  const teamView = async (approvals: JournalApprovals, profileId: string): Promise<PolicyView> => {
    const [policy, me] = await Promise.all([approvals.policy(profileId), whoami(ctx.runtime(), approvals)]);
    return {
      workspace: 'team',
      editable: me.admin,
      rules: policy.rules.map(ruleView),
      withdrawHoldHours: null,
      rateMovePercent: policy.rateMovePercent,
      note: me.admin ? null : "Only a desk admin may change the team's policy.",
    };
  };

  /** Each write is the database's to refuse (grants); rules it audits itself, the rate move limit is audited here. */
  const updateTeam = async (approvals: JournalApprovals, profileId: string, patch: PolicyUpdate): Promise<void> => {
    for (const id of patch.removeRules ?? []) {
      if (!(await approvals.removeRule(profileId, id))) throw new DeskFailure('not_found', `There is no approval rule ${id} here.`);
    }
    // Within the database's own limits already (the bridge's schema uses shared/policy-limits.ts).
    for (const rule of patch.saveRules ?? []) {
      await approvals.saveRule(profileId, rule);
    }
    if (patch.rateMovePercent !== undefined) await approvals.setRateMovePercent(profileId, patch.rateMovePercent);
  };

  return {
    'policy.get': async () => {
      const profileId = ctx.runtime().profile.id;
      const approvals = approvalsOf(ctx, profileId);
      return approvals ? teamView(approvals, profileId) : soloView();
    },

    'policy.update': async (patch) => {
      const profileId = ctx.runtime().profile.id;
      const approvals = approvalsOf(ctx, profileId);
      if (approvals) {
        if (patch.withdrawHoldHours !== undefined) throw fieldsOnly(TEAM_HOLD_MESSAGE, ['withdrawHoldHours']);
        const run = (): Promise<void> => updateTeam(approvals, profileId, patch);
        // The rule rows audit themselves in the database; a refusal and the rate move limit do not, so the desk records those.
        if (patch.rateMovePercent !== undefined) await ctx.audit.around(profileId, 'policy.update', describeUpdate(patch), run);
        else
          await run().catch(async (error: unknown) => {
            await ctx.audit.around(profileId, 'policy.update', describeUpdate(patch), () => Promise.reject(error));
          });
        return teamView(approvals, profileId);
      }
      const teamOnly = (['saveRules', 'removeRules', 'rateMovePercent'] as const).filter((k) => patch[k] !== undefined);
      if (teamOnly.length > 0) throw fieldsOnly(SOLO_RULES_MESSAGE, teamOnly);
      if (patch.withdrawHoldHours !== undefined) {
        const hours = patch.withdrawHoldHours;
        await ctx.audit.around(profileId, 'policy.update', describeUpdate(patch), () => ctx.settings.update({ withdrawHoldHours: hours }));
      }
      return soloView();
    },
  };
}
