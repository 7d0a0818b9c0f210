// The bridge's users.* and kyc.* methods: the partner's users as the renderer
// sees them, and the one rule for their fields that the create form, the edit
// form and main all apply (the rule itself is in shared/user-fields.ts, which the
// renderer reads without zod). Pure: no Node or DOM imports.
import { z } from 'zod';
import { normalizePhone, userFieldProblem, type UserField } from '../user-fields';
import type { ProposedForApprovalView } from './approval-actions';
import { method, returns } from './method';
import { id, searchText, text } from './values';

// ── user fields: one rule for the create form, the edit form and main ───────
// (the rule itself is in user-fields.ts, which the renderer reads without zod)

const userText = (field: UserField) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = userFieldProblem(field, value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => (field === 'phone' ? normalizePhone(value) : value.trim()));
const userFields = { email: userText('email'), name: userText('name'), surname: userText('surname'), phone: userText('phone') };

export const userStatusSchema = z.enum(['active', 'disabled', 'deleted'], { error: 'Choose active, disabled or deleted.' });
export const kycStatuses = ['not_started', 'pending', 'verified', 'failed', 'declined'] as const;

export type KycStatus = (typeof kycStatuses)[number] | (string & {});
export type UserStatus = z.infer<typeof userStatusSchema> | (string & {});
export interface UserView {
  id: number;
  email: string;
  name: string;
  surname: string;
  phone: string;
  status: UserStatus;
  kycStatus: KycStatus;
  dateOfBirth?: string | null;
  address?: string | null;
  city?: string | null;
  postalCode?: string | null;
  country?: string | null;
  fetchedAtMs: number | null;
}

/** users.update: the user as Kriptomat has them now; with a proposal (user unchanged) when a status change needs approval. */
export interface UserUpdateResult {
  user: UserView;
  proposedForApproval: ProposedForApprovalView | null;
}

export const usersMethods = {
  // users
  'users.directory': method(z.object({ query: searchText.optional() }).strict(), returns<UserView[]>()),
  'users.open': method(z.object({ userId: id }).strict(), returns<UserView>()),
  'users.create': method(z.object(userFields).strict(), returns<UserView>()),
  'users.update': method(z.object({ userId: id, ...userFields, status: userStatusSchema }).strict(), returns<UserUpdateResult>()),

  // KYC
  'kyc.import': method(z.object({ userId: id, token: text(500, 'the share token') }).strict(), returns<UserView>()),
} as const;
