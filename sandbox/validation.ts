// Request validation with Laravel's wording and shape: every field is checked, all
// messages are collected per field, and one 422 reports them together.
import { checkAmount, Decimal } from '../shared/money';
import { checkIban } from '../shared/iban';
import { unprocessable, type FieldErrors } from './errors';

export type Body = Record<string, unknown>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** E.164: a plus, a country code not starting with 0, 7 to 15 digits in all. */
const PHONE = /^\+[1-9]\d{6,14}$/;

export class Checker {
  readonly errors: FieldErrors = {};

  constructor(private readonly body: Body) {}

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  ok(field: string): boolean {
    return this.errors[field] === undefined;
  }

  /** Throws the 422 if anything failed. */
  done(): void {
    if (Object.keys(this.errors).length > 0) throw unprocessable(this.errors);
  }

  private present(field: string): unknown {
    const value = this.body[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      this.add(field, `The ${field.replace(/_/g, ' ')} field is required.`);
      return undefined;
    }
    return value;
  }

  string(field: string, max = 255): string | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') {
      this.add(field, `The ${field.replace(/_/g, ' ')} must be a string.`);
      return undefined;
    }
    if (value.length > max) {
      this.add(field, `The ${field.replace(/_/g, ' ')} may not be greater than ${max} characters.`);
      return undefined;
    }
    return value;
  }

  email(field = 'email'): string | undefined {
    const value = this.string(field);
    if (value === undefined) return undefined;
    if (!EMAIL.test(value.trim())) {
      this.add(field, `The ${field} must be a valid email address.`);
      return undefined;
    }
    return value.trim();
  }

  phone(field = 'phone'): string | undefined {
    const value = this.string(field, 32);
    if (value === undefined) return undefined;
    if (!PHONE.test(value)) {
      this.add(field, `The ${field} must be in international format, e.g. +381631283023.`);
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T | undefined {
    const value = this.string(field);
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      this.add(field, `The selected ${field.replace(/_/g, ' ')} is invalid.`);
      return undefined;
    }
    return value as T;
  }

  /** A positive integer, as a JSON number or digit string (clients send both). */
  id(field: string): number | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      this.add(field, `The ${field.replace(/_/g, ' ')} must be an integer.`);
      return undefined;
    }
    return n;
  }

  /** A decimal string amount: a JSON number is refused, as the API wants strings. */
  amount(field: string, places: number): Decimal | undefined {
    const value = this.present(field);
    if (value === undefined) return undefined;
    const check = checkAmount(value, places);
    if (!check.ok) {
      this.add(field, check.message);
      return undefined;
    }
    return new Decimal(check.value);
  }

  iban(field = 'iban'): string | undefined {
    const value = this.string(field, 64);
    if (value === undefined) return undefined;
    const check = checkIban(value);
    if (!check.ok) {
      this.add(field, check.message);
      return undefined;
    }
    return check.iban;
  }
}

/** `?name=` query values with the same required/allowed rules as body fields. */
export function queryOneOf(query: URLSearchParams, field: string, allowed: readonly string[]): string {
  const value = query.get(field);
  if (value === null || value.trim() === '') throw unprocessable({ [field]: [`The ${field.replace(/_/g, ' ')} field is required.`] });
  const lower = value.toLowerCase();
  if (!allowed.includes(lower)) throw unprocessable({ [field]: [`The selected ${field.replace(/_/g, ' ')} is invalid.`] });
  return lower;
}

/** `?page=N`: absent means 1; below 1 or not a whole number is a 422. */
export function queryPage(query: URLSearchParams): number {
  const raw = query.get('page');
  if (raw === null) return 1;
  if (!/^-?\d{1,9}$/.test(raw.trim())) throw unprocessable({ page: ['The page must be an integer.'] });
  const page = Number(raw.trim());
  if (page < 1) throw unprocessable({ page: ['The page must be at least 1.'] });
  return page;
}
