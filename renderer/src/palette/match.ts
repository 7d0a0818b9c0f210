// Fuzzy-ish matching for the command palette: every word typed must be found in
// the item, as a whole field, a field's start, a word's start or (weaker) anywhere
// inside; accents and case do not matter ("kovac" finds Kovač). No DOM here.

export interface MatchField {
  text: string;
  /** Scales this field's scores (the label counts most). Default 1. */
  weight?: number;
  /** Ids and codes: a typed word must start the field, "2" is not inside "12". */
  prefixOnly?: boolean;
  /** Addresses: a typed word must start one of the field's words ("kript", not "ma" in it). */
  wordsOnly?: boolean;
}

/** Lower case, accents removed, runs of white space as one space. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const WORD_SPLIT = /[^\p{L}\p{N}#]+/u;

/** How well one folded word matches one folded field: 0 for not at all. */
export function scoreWord(word: string, field: string, mode: 'any' | 'words' | 'prefix' = 'any'): number {
  if (word === '' || field === '') return 0;
  if (field === word) return 100;
  if (field.startsWith(word)) return 80;
  if (mode === 'prefix') return 0;
  if (field.split(WORD_SPLIT).some((part) => part.startsWith(word))) return 60;
  if (mode === 'words') return 0;
  if (field.includes(word)) return 25;
  return 0;
}

/**
 * The item's score for the query, or null when some typed word is found nowhere.
 * An empty query matches everything with score 0. The whole query starting the
 * first field (the label) earns a bonus, so "ana nov" puts Ana Novak first.
 */
export function scoreFields(query: string, fields: readonly MatchField[]): number | null {
  const folded = fold(query);
  if (folded === '') return 0;
  const prepared = fields.map((f) => ({
    text: fold(f.text),
    weight: f.weight ?? 1,
    mode: f.prefixOnly ? ('prefix' as const) : f.wordsOnly ? ('words' as const) : ('any' as const),
  }));
  let total = 0;
  for (const word of folded.split(' ')) {
    let best = 0;
    for (const field of prepared) best = Math.max(best, scoreWord(word, field.text, field.mode) * field.weight);
    if (best === 0) return null;
    total += best;
  }
  const label = prepared[0];
  if (label && folded.includes(' ') && label.text.startsWith(folded)) total += 50;
  return total;
}

/** A user id typed as "12" or "#12" (a whole number within the API's range), else null. */
export function typedUserId(query: string): number | null {
  const match = /^#?([1-9]\d{0,9})$/.exec(query.trim());
  if (!match) return null;
  const id = Number(match[1]);
  return id <= 2 ** 31 - 1 ? id : null;
}
