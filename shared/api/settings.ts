// The bridge's settings.* methods: the desk's settings on the active profile
// (polling, the per-order limit and where it comes from, the retype threshold,
// the theme). Pure: no Node or DOM imports.
import { z } from 'zod';
import { RETYPE_AT_BALANCE_PERCENT_MAX, RETYPE_AT_BALANCE_PERCENT_MIN } from '../order-rules';
import { EUR_AMOUNT_PATTERN, EUR_AMOUNT_WORDS } from '../policy-limits';
import { method, returns } from './method';
import { empty } from './values';

export const themes = ['auto', 'light', 'dark'] as const;

/** Where the per-order limit in effect comes from. */
export interface PerOrderLimitView {
  /** 'team': the team's limit for this environment, which every desk's checks use; 'desk': this desk's own setting. */
  source: 'desk' | 'team';
  /** Team workspace on a shared profile: a change is written to the team database (desk admins only). */
  shared: boolean;
  /** The database login that set the team's limit, and when. */
  setBy: string | null;
  setAtMs: number | null;
  /** A sentence for the operator when there is more to say (no team limit yet, or it cannot be read now). */
  note: string | null;
}
export interface SettingsView {
  pollingIntervalSeconds: number;
  /** The per-order limit in effect on the active profile (the team's when `perOrderLimit.source` is 'team'). */
  perOrderLimitEur: string;
  perOrderLimit: PerOrderLimitView;
  /** An order for at least this share (whole percent) of the user's balance asks for the amount again before Confirm. */
  retypeAtBalancePercent: number;
  theme: (typeof themes)[number];
}

export const settingsMethods = {
  // settings
  'settings.get': method(empty, returns<SettingsView>()),
  'settings.update': method(
    z
      .object({
        pollingIntervalSeconds: z.number().int().min(1).max(300).optional(),
        perOrderLimitEur: z.string().regex(EUR_AMOUNT_PATTERN, EUR_AMOUNT_WORDS).optional(),
        retypeAtBalancePercent: z.number().int().min(RETYPE_AT_BALANCE_PERCENT_MIN).max(RETYPE_AT_BALANCE_PERCENT_MAX).optional(),
        theme: z.enum(themes).optional(),
      })
      .strict(),
    returns<SettingsView>(),
  ),
} as const;
