// The main process's one logger. Lines are plain text for a terminal or a log
// file; anything that might carry a credential goes through `redact` first, so a
// password, client secret, TOTP code or access token never reaches a log even
// when a caller passes a whole object.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface LogRecord {
  level: LogLevel;
  message: string;
  fields?: LogFields;
  /** Epoch ms by the local clock. */
  at: number;
}

export type LogSink = (record: LogRecord) => void;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const REDACTED = '[redacted]';

/** Keys whose values are credentials wherever they appear. */
const SECRET_KEY = /password|passwd|passphrase|secret|token|authorization|cookie|security_code|totp|api[-_]?key|credential|signature/i;

/** Credentials embedded in free text: URL user info, bearer tokens, JWTs, `key=value` pairs. */
const TEXT_PATTERNS: Array<[RegExp, string]> = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, `$1${REDACTED}@`],
  [/(Bearer\s+)[^\s"',;]+/gi, `$1${REDACTED}`],
  [/eyJ[A-Za-z0-9_-]{8,}(\.[A-Za-z0-9_-]+){0,2}/g, REDACTED],
  [
    /((?:password|client_secret|secret|access_token|token|security_code|totp_secret|totp)["']?\s*[:=]\s*["']?)[^"'&\s,}]+/gi,
    `$1${REDACTED}`,
  ],
];

/** Removes credentials from text (log messages, error messages, URLs). */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A copy of `value` with credentials replaced: values under secret-looking keys
 * are dropped whatever their type, strings are scrubbed by `redactText`. Cycles
 * and deep nesting end in a placeholder instead of a stack overflow.
 */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > 8) return '[…]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1, seen);
  }
  return out;
}

/** Redacts the values of secret-looking query parameters of a path such as `/x?page=2`. */
export function redactPath(path: string): string {
  const q = path.indexOf('?');
  if (q < 0) return path;
  const params = new URLSearchParams(path.slice(q + 1));
  for (const key of [...params.keys()]) if (SECRET_KEY.test(key)) params.set(key, REDACTED);
  const query = params.toString();
  return query ? `${path.slice(0, q)}?${query}` : path.slice(0, q);
}

function formatFields(fields: LogFields | undefined): string {
  if (!fields) return '';
  const safe = redact(fields) as LogFields;
  const parts = Object.entries(safe).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.length ? ` ${parts.join(' ')}` : '';
}

/** One line per record, already redacted. */
export function formatRecord(record: LogRecord): string {
  return `${new Date(record.at).toISOString()} ${record.level.toUpperCase()} ${redactText(record.message)}${formatFields(record.fields)}`;
}

const consoleSink: LogSink = (record) => {
  const line = formatRecord(record);
  if (record.level === 'error' || record.level === 'warn') console.error(line);
  else console.log(line);
};

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  sink?: LogSink;
  /** Records below this level are dropped; default `info` (env KD_LOG_LEVEL overrides). */
  level?: LogLevel;
  now?: () => number;
}

function levelFromEnv(): LogLevel | undefined {
  const value = typeof process !== 'undefined' ? process.env.KD_LOG_LEVEL : undefined;
  return value && value in ORDER ? (value as LogLevel) : undefined;
}

/**
 * A logger writing redacted records to `sink`. Messages and fields are redacted
 * here, before the sink sees them, so a capturing test sink sees exactly what a
 * log file would.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const sink = options.sink ?? consoleSink;
  const min = ORDER[options.level ?? levelFromEnv() ?? 'info'];
  const now = options.now ?? Date.now;
  const write = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (ORDER[level] < min) return;
    const record: LogRecord = { level, message: redactText(message), at: now() };
    if (fields) record.fields = redact(fields) as LogFields;
    sink(record);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** The process-wide default logger. */
export const log: Logger = createLogger();

export interface RequestLogEntry {
  method: string;
  /** Path and query of the request URL; never a body or a header. */
  path: string;
  /** Absent when no response came (network error, timeout). */
  status?: number;
  ms: number;
  attempt?: number;
  /** The error kind when the attempt failed. */
  outcome?: string;
}

/** `GET /v1/users/5 200 12ms` — the one shape of a request log line. */
export function logRequest(logger: Logger, entry: RequestLogEntry): void {
  const status = entry.status === undefined ? (entry.outcome ?? '-') : String(entry.status);
  const attempt = entry.attempt && entry.attempt > 1 ? ` (attempt ${entry.attempt})` : '';
  const line = `${entry.method} ${redactPath(entry.path)} ${status} ${Math.round(entry.ms)}ms${attempt}`;
  if (entry.status !== undefined && entry.status < 400) logger.info(line);
  else logger.warn(line);
}
