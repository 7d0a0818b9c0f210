// settings.* — the operator's general settings, persisted by SettingsStore. A new
// polling interval applies at once: the active poller is restarted.
import type { SettingsView } from '../../shared/desk-api';
import type { Settings } from '../settings';
import type { ServiceContext } from './context';
import type { HandlersOf } from './handlers';

function settingsView(settings: Readonly<Settings>): SettingsView {
  return {
    pollingIntervalSeconds: settings.pollingIntervalSeconds,
    perOrderLimitEur: settings.perOrderLimitEur,
    retypeAtBalancePercent: settings.retypeAtBalancePercent,
    withdrawHoldHours: settings.withdrawHoldHours,
    theme: settings.theme,
  };
}

export function createSettingsHandlers(ctx: ServiceContext): HandlersOf<'settings'> {
  return {
    'settings.get': async () => settingsView(ctx.settings.get()),
    'settings.update': async (patch) => {
      const before = ctx.settings.get();
      const changes = Object.entries(patch)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      const after = await ctx.audit.around(ctx.runtime().profile.id, 'settings.update', `settings: ${changes || 'no change'}`, () =>
        ctx.settings.update(patch),
      );
      if (after.pollingIntervalSeconds !== before.pollingIntervalSeconds) ctx.runtime().poller?.restart();
      return settingsView(after);
    },
  };
}
