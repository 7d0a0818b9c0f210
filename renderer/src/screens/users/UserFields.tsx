// The four fields of a user, as the create and the edit form show them: one rule
// (shared/desk-api.ts's userFieldProblem, which main applies too), a visible
// length counter near the limit, and nothing cut off silently.
import { userFieldLimits, userFieldProblem, type UserField } from '../../../../shared/user-fields';
import { fieldError } from '../../bridge';
import { TextField } from '../../components/Field';

export const userFieldList: { key: UserField; label: string; type: string }[] = [
  { key: 'email', label: 'Email', type: 'email' },
  { key: 'name', label: 'Name', type: 'text' },
  { key: 'surname', label: 'Surname', type: 'text' },
  { key: 'phone', label: 'Phone', type: 'tel' },
];

export type UserFieldValues = Record<UserField, string>;

/**
 * Problems with the fields as typed. An empty field counts only once the operator
 * tried to submit (`attempted`); a malformed or too long one shows at once.
 */
export function userFieldProblems(values: UserFieldValues, attempted: boolean): Partial<Record<UserField, string>> {
  const problems: Partial<Record<UserField, string>> = {};
  for (const { key } of userFieldList) {
    if (!attempted && values[key].trim() === '') continue;
    const problem = userFieldProblem(key, values[key]);
    if (problem) problems[key] = problem;
  }
  return problems;
}

/** "87 of 100 characters" once a field nears its limit, so a long name is never a surprise; past it, the error says it. */
export function lengthHint(value: string, max: number): string | undefined {
  const length = value.trim().length;
  return length >= max * 0.8 && length <= max ? `${length} of ${max} characters` : undefined;
}

export function UserFieldInput({
  field,
  value,
  onValue,
  problem,
  serverError,
}: {
  field: (typeof userFieldList)[number];
  value: string;
  onValue: (value: string) => void;
  problem: string | undefined;
  serverError: unknown;
}) {
  return (
    <TextField
      label={field.label}
      type={field.type}
      autoComplete="off"
      value={value}
      onValue={onValue}
      // No maxLength: the browser would cut a pasted name without a word. The counter and the error say it instead.
      hint={
        field.key === 'phone'
          ? 'International format, such as +381631283023; spaces and dashes are ignored.'
          : lengthHint(value, userFieldLimits[field.key])
      }
      error={problem ?? fieldError(serverError, field.key)}
      required
    />
  );
}
