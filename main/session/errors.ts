// Refusals the session decides itself, before any request: signed out,
// disposed, or no way to get a TOTP code. Named `SessionError` with a `kind`
// so main/errors.ts maps them onto the bridge's kinds like a KriptomatError.

export const SESSION_ERROR_KINDS = ['signed_out', 'unauthenticated'] as const;
export type SessionErrorKind = (typeof SESSION_ERROR_KINDS)[number];

export class SessionError extends Error {
  override readonly name = 'SessionError';
  readonly kind: SessionErrorKind;

  constructor(kind: SessionErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}
