/** A setting was refused or could not be saved. Messages name fields, never values. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}
