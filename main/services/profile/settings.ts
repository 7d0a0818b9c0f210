// settings.* — the operator's general settings, persisted by SettingsStore. A new
// polling interval applies at once: the active poller is restarted. The per-order
// limit shown and changed is the one in effect on the active profile: in a team on
// a shared profile that is the team's (orders/limit.ts), written to the team
// database, where only a desk admin may change it.
import type { DeskParsedInput, SettingsView } from '../../../shared/desk-api';
import { dec } from '../../../shared/money';
import { PER_ORDER_LIMIT_ZERO_WORDS } from '../../../shared/policy-limits';
import { fieldFailure, toDeskError } from '../../errors';
import type { Settings } from '../../settings';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import { limitInEffect, type LimitInEffect } from '../orders/limit';

function settingsView(settings: Readonly<Settings>, limit: LimitInEffect): SettingsView {
  const { perOrderLimitEur, ...perOrderLimit } = limit;
  return {
    pollingIntervalSeconds: settings.pollingIntervalSeconds,
    perOrderLimitEur,
    perOrderLimit,
    retypeAtBalancePercent: settings.retypeAtBalancePercent,
    theme: settings.theme,
  };
}

/** The limit in effect; while the team's cannot be read, the desk's own, saying so. */
async function readLimit(ctx: ServiceContext, profileId: string): Promise<LimitInEffect> {
  try {
    return await limitInEffect(ctx, profileId);
  } catch (error) {
    return {
      perOrderLimitEur: ctx.settings.get().perOrderLimitEur,
      source: 'desk',
      shared: true,
      setBy: null,
      setAtMs: null,
      note: `The team's per-order limit cannot be read now (${toDeskError(error).message}). Orders are checked against it once it can.`,
    };
  }
}

export function createSettingsHandlers(ctx: ServiceContext): HandlersOf<'settings'> {
  const activeProfileId = (): string => ctx.settings.get().activeProfileId;

  /** The team's limit when it is where the limit lives and the value changed; what is left is the desk's own settings. */
  const applyLimit = async (profileId: string, patch: DeskParsedInput<'settings.update'>): Promise<DeskParsedInput<'settings.update'>> => {
    const { perOrderLimitEur, ...rest } = patch;
    if (perOrderLimitEur === undefined) return patch;
    // The bridge's pattern lets "0" and "0.00" through; said here at the field, for the desk's limit and the team's alike.
    if (dec(perOrderLimitEur).lte(0)) throw fieldFailure('perOrderLimitEur', PER_ORDER_LIMIT_ZERO_WORDS);
    const current = await limitInEffect(ctx, profileId);
    if (!current.shared) return patch;
    // The form sends every field: an unchanged limit is not a change of the team's policy.
    if (!dec(perOrderLimitEur).eq(dec(current.perOrderLimitEur))) await ctx.store.setSharedLimit!(profileId, perOrderLimitEur);
    return rest;
  };

  return {
    'settings.get': async () => settingsView(ctx.settings.get(), await readLimit(ctx, activeProfileId())),
    'settings.update': async (patch) => {
      const before = ctx.settings.get();
      const profileId = ctx.runtime().profile.id;
      const changes = Object.entries(patch)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      const after = await ctx.audit.around(profileId, 'settings.update', `settings: ${changes || 'no change'}`, async () =>
        ctx.settings.update(await applyLimit(profileId, patch)),
      );
      if (after.pollingIntervalSeconds !== before.pollingIntervalSeconds) ctx.runtime().poller?.restart();
      return settingsView(after, await readLimit(ctx, profileId));
    },
  };
}
