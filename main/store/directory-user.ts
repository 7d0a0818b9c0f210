// A user as a store's directory keeps them, as the bridge shows them: both stores
// (the desk's SQLite file and the team database) keep the same fields and the
// API's profile object, so one mapping serves both. Pure: no Node or DOM imports.
import type { UserView } from '../../shared/desk-api';

export interface DirectoryUserFields {
  id: number;
  email: string | null;
  name: string | null;
  surname: string | null;
  phone: string | null;
  status: string | null;
  kycStatus: string | null;
  /** The API's user object as last fetched (address, city, …), or null. */
  profile: object | null | undefined;
  fetchedAtMs: number | null;
}

function text(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** A user only discovered in a transaction has no fetched profile yet: empty text, fetchedAtMs null. */
export function directoryUserView(u: DirectoryUserFields): UserView {
  // The API's fields, read as what they are: text or nothing.
  const p = u.profile as Partial<Record<'date_of_birth' | 'address' | 'city' | 'postal_code' | 'country', unknown>> | null | undefined;
  return {
    id: u.id,
    email: u.email ?? '',
    name: u.name ?? '',
    surname: u.surname ?? '',
    phone: u.phone ?? '',
    status: u.status ?? '',
    kycStatus: u.kycStatus ?? '',
    dateOfBirth: text(p?.date_of_birth),
    address: text(p?.address),
    city: text(p?.city),
    postalCode: text(p?.postal_code),
    country: text(p?.country),
    fetchedAtMs: u.fetchedAtMs,
  };
}
