// The per-order limit in effect for a profile. In a team on a shared profile the
// team's limit for the environment (desk.policy, set by a desk admin) applies to
// every desk, so one operator cannot loosen it in their own settings; until the
// team has set one, and in Solo and on the Local sandbox, the desk's own setting applies.
import type { PerOrderLimitView } from '../../../shared/desk-api';
import type { ServiceContext } from '../common/context';

export interface LimitInEffect extends PerOrderLimitView {
  perOrderLimitEur: string;
}

export async function limitInEffect(ctx: Pick<ServiceContext, 'settings' | 'store'>, profileId: string): Promise<LimitInEffect> {
  const own = ctx.settings.get().perOrderLimitEur;
  const shared = (await ctx.store.sharedLimit?.(profileId)) ?? null;
  if (shared === null) return { perOrderLimitEur: own, source: 'desk', shared: false, setBy: null, setAtMs: null, note: null };
  if (shared.perOrderLimitEur === null) {
    return {
      perOrderLimitEur: own,
      source: 'desk',
      shared: true,
      setBy: null,
      setAtMs: null,
      note: "The team has not set a per-order limit for this environment, so this desk's own applies. Saving one sets it for every desk (desk admins only).",
    };
  }
  return {
    perOrderLimitEur: shared.perOrderLimitEur,
    source: 'team',
    shared: true,
    setBy: shared.setBy,
    setAtMs: shared.setAtMs,
    note: null,
  };
}
