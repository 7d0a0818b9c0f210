// The shape of the settings file and its defaults. Every object is strict: an
// unknown key — a `password` a careless caller passes along, say — is refused on
// write and dropped on read, so no secret can ever reach this plain-text file.
import Decimal from 'decimal.js';
import { z } from 'zod';
import {
  DEFAULT_RETYPE_AT_BALANCE_PERCENT,
  RETYPE_AT_BALANCE_PERCENT_MAX,
  RETYPE_AT_BALANCE_PERCENT_MIN,
  WITHDRAW_HOLD_HOURS_MAX,
} from '../../shared/order-rules';
import { EUR_AMOUNT_PATTERN } from '../../shared/policy-limits';
import { workspaceChoiceSchema } from '../../shared/workspace-schema';
import { checkBaseUrl } from './base-url';
import { isBuiltInProfileId, LOCAL_SANDBOX_PROFILE_ID, PROFILE_ID_PATTERN, PROFILE_NAME_MAX } from './profile';

export const SETTINGS_VERSION = 1;
export const themes = ['auto', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

export const POLLING_INTERVAL_MIN = 1;
export const POLLING_INTERVAL_MAX = 300;

export const profileIdSchema = z.string().regex(PROFILE_ID_PATTERN, 'must be a profile id such as "staging"');

export const pollingIntervalSchema = z.number().int().min(POLLING_INTERVAL_MIN).max(POLLING_INTERVAL_MAX);

/** A positive EUR amount to the cent, normalised to two places ("250" → "250.00"); the pattern is the team policy's too. */
const EUR_TEXT = EUR_AMOUNT_PATTERN;
export const eurLimitSchema = z
  .string()
  .trim()
  .transform((text, ctx) => {
    // One step, so Decimal never sees text that failed the pattern.
    if (!EUR_TEXT.test(text)) {
      ctx.addIssue({ code: 'custom', message: 'must be a EUR amount such as 10000.00' });
      return z.NEVER;
    }
    const value = new Decimal(text);
    if (value.lte(0)) {
      ctx.addIssue({ code: 'custom', message: 'must be more than zero' });
      return z.NEVER;
    }
    return value.toFixed(2);
  });

/** The fat-finger guard's threshold: a whole percent of the user's balance, 1 to 100. */
export const retypePercentSchema = z.number().int().min(RETYPE_AT_BALANCE_PERCENT_MIN).max(RETYPE_AT_BALANCE_PERCENT_MAX);

export const withdrawHoldHoursSchema = z.number().int().min(0).max(WITHDRAW_HOLD_HOURS_MAX);

export const themeSchema = z.enum(themes);

const coordinate = z.number().int().min(-100_000).max(100_000);
const extent = z.number().int().min(100).max(100_000);
export const windowBoundsSchema = z.strictObject({
  x: coordinate,
  y: coordinate,
  width: extent,
  height: extent,
  maximized: z.boolean(),
});
export type WindowBounds = z.infer<typeof windowBoundsSchema>;

export const customProfileSchema = z.strictObject({
  id: profileIdSchema,
  name: z.string().trim().min(1).max(PROFILE_NAME_MAX),
  kind: z.literal('custom'),
  baseUrl: z.string().transform((text, ctx) => {
    const check = checkBaseUrl(text);
    if (check.ok) return check.value;
    ctx.addIssue({ code: 'custom', message: check.message });
    return z.NEVER;
  }),
});

/** Non-secret login details of one profile; the secrets live in the vault. */
export const profileAccountSchema = z.strictObject({
  email: z.email().max(200).optional(),
  clientId: z
    .number()
    .int()
    .positive()
    .max(2 ** 31 - 1)
    .optional(),
});
export type ProfileAccount = z.infer<typeof profileAccountSchema>;

/** One schema per top-level field, so a bad field can be repaired on its own. */
export const settingsFieldSchemas = {
  version: z.literal(SETTINGS_VERSION),
  activeProfileId: profileIdSchema,
  pollingIntervalSeconds: pollingIntervalSchema,
  perOrderLimitEur: eurLimitSchema,
  retypeAtBalancePercent: retypePercentSchema,
  withdrawHoldHours: withdrawHoldHoursSchema,
  theme: themeSchema,
  window: windowBoundsSchema.nullable(),
  customProfiles: z.array(customProfileSchema).max(100),
  profileAccounts: z.record(profileIdSchema, profileAccountSchema),
  /** Settings → Workspace: Solo, or Team on this database. Strict like the rest: the password cannot be stored here. */
  workspace: workspaceChoiceSchema,
} as const;

export const settingsSchema = z.strictObject(settingsFieldSchemas).superRefine((settings, ctx) => {
  const ids = new Set<string>();
  for (const [index, profile] of settings.customProfiles.entries()) {
    if (ids.has(profile.id) || isBuiltInProfileId(profile.id)) {
      ctx.addIssue({ code: 'custom', path: ['customProfiles', index, 'id'], message: 'is already used by another profile' });
    }
    ids.add(profile.id);
  }
  const exists = (id: string) => isBuiltInProfileId(id) || ids.has(id);
  if (!exists(settings.activeProfileId)) {
    ctx.addIssue({ code: 'custom', path: ['activeProfileId'], message: 'no profile has this id' });
  }
  for (const id of Object.keys(settings.profileAccounts)) {
    if (!exists(id)) ctx.addIssue({ code: 'custom', path: ['profileAccounts', id], message: 'no profile has this id' });
  }
});

export type Settings = z.output<typeof settingsSchema>;
export type CustomProfileSettings = Settings['customProfiles'][number];

export function defaultSettings(): Settings {
  return {
    version: SETTINGS_VERSION,
    activeProfileId: LOCAL_SANDBOX_PROFILE_ID,
    pollingIntervalSeconds: 5,
    perOrderLimitEur: '10000.00',
    retypeAtBalancePercent: DEFAULT_RETYPE_AT_BALANCE_PERCENT,
    withdrawHoldHours: 0,
    theme: 'auto',
    window: null,
    customProfiles: [],
    profileAccounts: {},
    workspace: { kind: 'solo' },
  };
}

/** The general settings `SettingsStore.update` may change; profiles have their own methods. */
export const settingsPatchSchema = z
  .strictObject({
    activeProfileId: profileIdSchema,
    pollingIntervalSeconds: pollingIntervalSchema,
    perOrderLimitEur: eurLimitSchema,
    retypeAtBalancePercent: retypePercentSchema,
    withdrawHoldHours: withdrawHoldHoursSchema,
    theme: themeSchema,
    window: windowBoundsSchema.nullable(),
  })
  .partial();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** "path: message" lines that name the field but never echo the value (it may be a secret). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      const keys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
      const message = issue.code === 'unrecognized_keys' ? 'unknown setting' : issue.message;
      return `${path === '' ? 'settings' : path}: ${message}${keys}`;
    })
    .join('; ');
}
