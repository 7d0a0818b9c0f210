// Error replies in the shapes the real (Laravel-based) service uses: 401
// {"message"}, 422 {"message","errors"}, everything else {"status":false,"message"}.

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

export type FieldErrors = Record<string, string[]>;

/** Laravel's summary line: the first message, plus "(and N more errors)". */
export function summarize(errors: FieldErrors): string {
  const all = Object.values(errors).flat();
  const first = all[0] ?? 'The given data was invalid.';
  const more = all.length - 1;
  return more > 0 ? `${first} (and ${more} more error${more === 1 ? '' : 's'})` : first;
}

export function unprocessable(errors: FieldErrors): HttpError {
  return new HttpError(422, { message: summarize(errors), errors });
}

export function fieldError(field: string, message: string): HttpError {
  return unprocessable({ [field]: [message] });
}

export function unauthenticated(message = 'Unauthenticated.'): HttpError {
  return new HttpError(401, { message });
}

export function failure(status: number, message: string, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, { status: false, message }, headers);
}

export function notFound(message: string): HttpError {
  return failure(404, message);
}
