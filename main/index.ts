// Placeholder until the Electron shell lands (issue 4).
export const appName = 'Kriptomat Desk';
