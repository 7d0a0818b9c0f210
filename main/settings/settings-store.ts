// The settings as the rest of main sees them: one in-memory snapshot, changed only
// through methods that validate, persist atomically and then notify subscribers.
// Writes are queued so two quick updates can never interleave or land out of order.
import { checkBaseUrl } from './base-url';
import { SettingsError } from './settings-error';
import { loadSettings, saveSettings } from './settings-file';
import { profileExists } from './settings-repair';
import {
  builtInProfiles,
  isBuiltInProfileId,
  LOCAL_SANDBOX_PROFILE_ID,
  newCustomProfileId,
  PROFILE_NAME_MAX,
  profileNameKey,
  type Profile,
} from './profile';
import {
  describeIssues,
  profileAccountSchema,
  settingsFieldSchemas,
  settingsPatchSchema,
  type ProfileAccount,
  type Settings,
  type SettingsPatch,
} from './settings-schema';

export type SettingsListener = (settings: Readonly<Settings>) => void;

/** `null` clears a value; an omitted key keeps it. */
export interface ProfileAccountPatch {
  email?: string | null;
  clientId?: number | null;
}

export interface NewCustomProfile {
  name: string;
  baseUrl: string;
}

export class SettingsStore {
  private current: Readonly<Settings>;
  private readonly listeners = new Set<SettingsListener>();
  private writes: Promise<unknown> = Promise.resolve();
  private localSandboxBaseUrl: string | null = null;

  /** `initial` must already be valid — use `SettingsStore.open` or `loadSettings`. */
  constructor(
    readonly userDataDir: string,
    initial: Settings,
  ) {
    this.current = deepFreeze(structuredClone(initial));
  }

  /** Loads (and if needed repairs) the settings file; the warnings are for the operator. */
  static async open(userDataDir: string): Promise<{ store: SettingsStore; warnings: string[] }> {
    const { settings, warnings } = await loadSettings(userDataDir);
    return { store: new SettingsStore(userDataDir, settings), warnings };
  }

  /** A frozen snapshot; it never changes under the caller. */
  get(): Readonly<Settings> {
    return this.current;
  }

  /** Called after every saved change; returns the unsubscribe function. */
  subscribe(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Changes general settings. The patch is checked strictly: an unknown key (for
   * example `password`) or an out-of-range value rejects the whole update.
   */
  update(patch: SettingsPatch | ((current: Readonly<Settings>) => SettingsPatch)): Promise<Readonly<Settings>> {
    return this.mutate((current) => {
      const parsed = settingsPatchSchema.safeParse(typeof patch === 'function' ? patch(current) : patch);
      if (!parsed.success) throw new SettingsError(`The settings were not changed: ${describeIssues(parsed.error)}.`);
      const changes = parsed.data;
      if (changes.activeProfileId !== undefined && !profileExists(current, changes.activeProfileId)) {
        throw new SettingsError(`There is no profile with the id "${changes.activeProfileId}".`);
      }
      return { ...structuredClone(current), ...changes } as Settings;
    });
  }

  // ── profiles ──────────────────────────────────────────────────────────────

  listProfiles(): Profile[] {
    const builtIns = builtInProfiles.map((profile) =>
      profile.id === LOCAL_SANDBOX_PROFILE_ID ? { ...profile, baseUrl: this.localSandboxBaseUrl } : { ...profile },
    );
    return [...builtIns, ...this.current.customProfiles.map((profile) => ({ ...profile }))];
  }

  getProfile(id: string): Profile | undefined {
    return this.listProfiles().find((profile) => profile.id === id);
  }

  activeProfile(): Profile {
    const profile = this.getProfile(this.current.activeProfileId);
    // The schema guarantees the id exists; this only guards against a future bug.
    if (!profile) throw new SettingsError(`The active profile "${this.current.activeProfileId}" does not exist.`);
    return profile;
  }

  /** Runtime only (the simulator takes a free port each start), so never written to the file. */
  setLocalSandboxBaseUrl(url: string | null): void {
    if (url === null) {
      this.localSandboxBaseUrl = null;
      return;
    }
    const check = checkBaseUrl(url);
    if (!check.ok) throw new SettingsError(`The local sandbox address was refused: ${check.message}`);
    this.localSandboxBaseUrl = check.value;
  }

  async addCustomProfile(input: NewCustomProfile): Promise<Profile> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    if (name === '' || name.length > PROFILE_NAME_MAX) {
      throw new SettingsError(`A profile name must be 1 to ${PROFILE_NAME_MAX} characters.`, 'name');
    }
    const check = checkBaseUrl(input.baseUrl);
    if (!check.ok) throw new SettingsError(check.message, 'baseUrl');
    const profile = { id: newCustomProfileId(), name, kind: 'custom' as const, baseUrl: check.value };
    await this.mutate((current) => {
      // Checked inside the queued write, so two quick adds of one name cannot both pass.
      const key = profileNameKey(name);
      const taken = [...builtInProfiles, ...current.customProfiles].find((other) => profileNameKey(other.name) === key);
      if (taken) throw new SettingsError(`The name "${taken.name}" is already used by another environment: choose another name.`, 'name');
      return { ...structuredClone(current), customProfiles: [...structuredClone(current.customProfiles), profile] };
    });
    return { ...profile };
  }

  /**
   * Removes a custom profile and its login details; if it was active, the local
   * sandbox becomes active. The caller clears its keychain entries (the vault is
   * not this store's business).
   */
  async removeCustomProfile(id: string): Promise<void> {
    if (isBuiltInProfileId(id)) throw new SettingsError(`The built-in profile "${id}" cannot be removed.`);
    await this.mutate((current) => {
      if (!current.customProfiles.some((profile) => profile.id === id)) {
        throw new SettingsError(`There is no custom profile with the id "${id}".`);
      }
      const next = structuredClone(current) as Settings;
      next.customProfiles = next.customProfiles.filter((profile) => profile.id !== id);
      delete next.profileAccounts[id];
      if (next.activeProfileId === id) next.activeProfileId = LOCAL_SANDBOX_PROFILE_ID;
      return next;
    });
  }

  getProfileAccount(id: string): ProfileAccount {
    return { ...this.current.profileAccounts[id] };
  }

  /** Sets the non-secret login details (email, client id) of a profile. */
  async setProfileAccount(id: string, patch: ProfileAccountPatch): Promise<ProfileAccount> {
    const known = new Set(['email', 'clientId']);
    const unknown = Object.keys(patch).filter((key) => !known.has(key));
    // Refuse rather than strip: a caller passing `password` here has a bug worth seeing.
    if (unknown.length > 0) throw new SettingsError(`Unknown login detail(s): ${unknown.join(', ')}. Secrets belong in the vault.`);
    const next = await this.mutate((current) => {
      if (!profileExists(current, id)) throw new SettingsError(`There is no profile with the id "${id}".`);
      const account: Record<string, unknown> = { ...current.profileAccounts[id] };
      for (const key of ['email', 'clientId'] as const) {
        if (patch[key] === null) delete account[key];
        else if (patch[key] !== undefined) account[key] = key === 'email' ? String(patch[key]).trim() : patch[key];
      }
      const parsed = profileAccountSchema.safeParse(account);
      if (!parsed.success) throw new SettingsError(`The login details were not saved: ${describeIssues(parsed.error)}.`);
      const settings = structuredClone(current) as Settings;
      settings.profileAccounts[id] = parsed.data;
      return settings;
    });
    return { ...next.profileAccounts[id] };
  }

  // ── workspace ───────────────────────────────────────────────────────────

  /** Saves Settings → Workspace's choice. Strict: a `password` passed along is refused, never written. */
  async setWorkspace(choice: Settings['workspace']): Promise<Settings['workspace']> {
    const parsed = settingsFieldSchemas.workspace.safeParse(choice);
    if (!parsed.success) throw new SettingsError(`The workspace was not saved: ${describeIssues(parsed.error)}.`);
    const next = await this.mutate((current) => ({ ...structuredClone(current), workspace: parsed.data }) as Settings);
    return structuredClone(next.workspace);
  }

  // ── internals ─────────────────────────────────────────────────────────────

  /** Queues one change: compute from the latest snapshot, validate + write, then publish. */
  private mutate(change: (current: Readonly<Settings>) => Settings): Promise<Readonly<Settings>> {
    const run = async (): Promise<Readonly<Settings>> => {
      const saved = await saveSettings(this.userDataDir, change(this.current));
      this.current = deepFreeze(saved);
      this.notify();
      return this.current;
    };
    const result = this.writes.then(run, run);
    this.writes = result.catch(() => undefined);
    return result;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(this.current);
      } catch (error) {
        // One broken subscriber must not stop the others or fail the save that already happened.
        console.error('settings: a subscriber threw:', error instanceof Error ? error.message : String(error));
      }
    }
  }
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
