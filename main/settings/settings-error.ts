/** A setting was refused or could not be saved. Messages name fields, never values; `field` is the input field at fault, if one is. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
