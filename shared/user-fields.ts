// One rule for a user's four fields, in plain words: the create form and the
// edit form check it as the operator types, and main's bridge schemas
// (desk-api.ts) apply the same function, so neither side can accept what the
// other refuses. No zod here: the renderer imports it.

/** The longest each user field may be; the forms show it before the bridge would refuse. */
export const userFieldLimits = { email: 200, name: 100, surname: 100, phone: 30 } as const;
export type UserField = keyof typeof userFieldLimits;

const userFieldWords: Record<UserField, string> = { email: 'e-mail address', name: 'name', surname: 'surname', phone: 'phone number' };
/** A local part, an @, and a domain of non-empty labels: no trailing dot ("ana@doe.io."), no empty label ("ana@doe..io"). */
const EMAIL = /^[^\s@]+@(?:[^\s@.]+\.)+[^\s@.]+$/;
/** Spaces, dashes, dots and brackets between the digits are for reading only. */
const PHONE_SEPARATORS = /[\s().-]/g;
/** International format: a plus, a country code not starting with 0, 7 to 15 digits in all (E.164). */
const PHONE = /^\+[1-9]\d{6,14}$/;

/** A phone number as it is sent: without the separators typed for reading ("+386 40 111-222" → "+38640111222"). */
export function normalizePhone(text: string): string {
  return text.trim().replace(PHONE_SEPARATORS, '');
}

/** What is wrong with one user field as typed, in plain words; undefined when it is fine. */
export function userFieldProblem(field: UserField, raw: string): string | undefined {
  const value = raw.trim();
  const words = userFieldWords[field];
  if (value === '') return `Enter the ${words}.`;
  const max = userFieldLimits[field];
  if (value.length > max) return `The ${words} can be at most ${max} characters; this one has ${value.length}.`;
  if (field === 'email' && value.endsWith('.')) return 'An e-mail address does not end with a dot: remove the last one.';
  if (field === 'email' && !EMAIL.test(value)) return 'Enter an e-mail address such as john@doe.io.';
  if (field === 'phone' && !PHONE.test(normalizePhone(value))) {
    return 'Enter the phone number in international format: a + and the country code, then the number, such as +381631283023.';
  }
  return undefined;
}
