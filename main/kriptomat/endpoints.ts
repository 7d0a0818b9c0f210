// The names errors and logs use for the endpoints of the Partner API reference.
export const ENDPOINT_NAMES = [
  'login',
  'logout',
  'createUser',
  'updateUser',
  'showUser',
  'importKyc',
  'addBankAccount',
  'listBankAccounts',
  'showBankAccount',
  'deleteBankAccount',
  'depositInstructions',
  'pairs',
  'currencies',
  'exchangeRate',
  'userBalance',
  'masterBalance',
  'buy',
  'sell',
  'withdraw',
  'allTransactions',
  'userTransactions',
  'showTransaction',
] as const;

export type EndpointName = (typeof ENDPOINT_NAMES)[number];
