// The longest search text a list takes (transactions, audit, the user directory):
// the bridge refuses more, and the search fields stop there, so an operator who
// pastes a page of text sees it cut at the field instead of an error. Pure: no zod.
export const SEARCH_TEXT_MAX = 200;
