// libsql hands rows back as plain objects (with an extra `_metadata` key on
// `get`); these helpers read one column with the type the schema promises, so a
// schema drift fails loudly instead of leaking `undefined` into the UI.
export type Row = Record<string, unknown>;

export function asRow(value: unknown): Row | undefined {
  return value === undefined || value === null ? undefined : (value as Row);
}

export function asRows(value: unknown[]): Row[] {
  return value as Row[];
}

export function text(row: Row, column: string): string {
  const v = row[column];
  if (typeof v !== 'string') throw new TypeError(`Store column ${column} is not text`);
  return v;
}

export function textOrNull(row: Row, column: string): string | null {
  const v = row[column];
  return v === null || v === undefined ? null : String(v);
}

export function int(row: Row, column: string): number {
  const v = row[column];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw new TypeError(`Store column ${column} is not a number`);
}

export function intOrNull(row: Row, column: string): number | null {
  const v = row[column];
  return v === null || v === undefined ? null : int(row, column);
}
