// One profile's Kriptomat session: login with TOTP, renewal, 401 handling, logout.
export {
  createSession,
  type Session,
  type SessionOptions,
  type SessionSettings,
  type SessionSecrets,
  type SessionDetail,
  type SessionPhase,
  type TotpPromptReason,
  type TotpPromptRequest,
} from './session';
export { bindApi, bindSession, type Authorize, type AuthorizedApi, type AuthorizedEndpointName } from './bind';
export { createTotpPrompter, type TotpPrompter } from './totp-prompter';
export { SessionError, type SessionErrorKind } from './errors';
export { systemClock, sleepOn, type Clock, type TimerHandle } from './clock';
export { renewalMargin, expiryGuard } from './renewal';
export { totpCode, totpStep, msUntilNextStep, normalizeTotpSecret, isUsableTotpSecret, TOTP_STEP_MS } from './totp';
