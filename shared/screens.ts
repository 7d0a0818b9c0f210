// The desk's screens in sidebar order, with their Alt+digit shortcut and a few
// other words an operator may type for them. One list for the sidebar, the
// Alt+1…9 shortcuts, the command palette and the Electron menu. Pure: no Node or DOM.

export const deskScreens = [
  { screen: 'environments', label: 'Environments', key: '1', keywords: ['session', 'sign in', 'profiles', 'staging', 'production'] },
  { screen: 'users', label: 'Users', key: '2', keywords: ['directory', 'create user', 'customers'] },
  { screen: 'trade', label: 'Trade', key: '3', keywords: ['order ticket', 'buy', 'sell', 'withdraw'] },
  { screen: 'rates', label: 'Rates', key: '4', keywords: ['prices', 'chart', 'market'] },
  { screen: 'treasury', label: 'Treasury', key: '5', keywords: ['master balances'] },
  { screen: 'transactions', label: 'Transactions', key: '6', keywords: ['history', 'sync', 'export'] },
  { screen: 'audit', label: 'Audit log', key: '7', keywords: ['history'] },
  { screen: 'approvals', label: 'Approvals', key: '8', keywords: ['four eyes', 'proposals', 'approve', 'reject', 'queue'] },
  { screen: 'settings', label: 'Settings', key: '9', keywords: ['theme', 'polling', 'limit', 'policy', 'rules', 'hold'] },
] as const;

export type DeskScreen = (typeof deskScreens)[number];
export type DeskScreenId = DeskScreen['screen'];
