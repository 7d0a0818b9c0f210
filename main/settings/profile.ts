// Environment profiles: which Kriptomat API a session talks to. The three built-in
// profiles live in code (never in the settings file) so an edited or corrupt file
// can never point "production" at another host; only custom profiles are stored.
import { randomBytes } from 'node:crypto';

export const profileKinds = ['sandbox', 'staging', 'production', 'custom'] as const;
export type ProfileKind = (typeof profileKinds)[number];

export interface Profile {
  id: string;
  name: string;
  kind: ProfileKind;
  /**
   * Where the API lives. `null` only for the built-in local sandbox before its
   * in-process simulator has started: it takes a free port, so its URL is only
   * known at runtime and is never persisted.
   */
  baseUrl: string | null;
}

/** The same pattern the bridge checks (shared/desk-api.ts); also safe inside a keychain service name. */
export const PROFILE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const LOCAL_SANDBOX_PROFILE_ID = 'local-sandbox';
export const STAGING_PROFILE_ID = 'staging';
export const PRODUCTION_PROFILE_ID = 'production';

export const builtInProfiles: readonly Readonly<Profile>[] = Object.freeze([
  Object.freeze({ id: LOCAL_SANDBOX_PROFILE_ID, name: 'Local sandbox', kind: 'sandbox', baseUrl: null }),
  Object.freeze({ id: STAGING_PROFILE_ID, name: 'Staging', kind: 'staging', baseUrl: 'https://stagingapi.kminfra.net/v1' }),
  Object.freeze({
    id: PRODUCTION_PROFILE_ID,
    name: 'Production',
    kind: 'production',
    baseUrl: 'https://api.kriptomat.io/api/v1/partners',
  }),
] satisfies Profile[]);

export function isBuiltInProfileId(id: string): boolean {
  return builtInProfiles.some((profile) => profile.id === id);
}

/** A stored custom profile: kind is always 'custom' and the URL always known. */
export interface CustomProfile {
  id: string;
  name: string;
  kind: 'custom';
  baseUrl: string;
}

/** Custom ids carry a random suffix so removing and re-adding never reuses one (and its keychain entries). */
export function newCustomProfileId(): string {
  return `custom-${randomBytes(6).toString('hex')}`;
}

export const PROFILE_NAME_MAX = 60;

/** A profile name as the operator tells names apart: case and spaces do not make two names different. */
export function profileNameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}
