// The order rules both sides need: main refuses an order that breaks one, and the
// ticket says so before the operator confirms. Pure: no Node or DOM imports.

/** The API's smallest fiat withdrawal, in EUR (the reference's rule). */
export const MIN_WITHDRAW_EUR = '10.00';
