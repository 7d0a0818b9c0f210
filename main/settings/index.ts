// Non-secret settings and environment profiles. Secrets live in ../vault.
export { checkBaseUrl, type BaseUrlCheck } from './base-url';
export {
  builtInProfiles,
  isBuiltInProfileId,
  LOCAL_SANDBOX_PROFILE_ID,
  PRODUCTION_PROFILE_ID,
  PROFILE_ID_PATTERN,
  profileKinds,
  STAGING_PROFILE_ID,
  type CustomProfile,
  type Profile,
  type ProfileKind,
} from './profile';
export { SettingsError } from './settings-error';
export { loadSettings, saveSettings, settingsFilePath, SETTINGS_FILE_NAME, type LoadedSettings } from './settings-file';
export {
  defaultSettings,
  POLLING_INTERVAL_MAX,
  POLLING_INTERVAL_MIN,
  themes,
  type ProfileAccount,
  type Settings,
  type SettingsPatch,
  type Theme,
  type WindowBounds,
} from './settings-schema';
export { SettingsStore, type NewCustomProfile, type ProfileAccountPatch, type SettingsListener } from './settings-store';
