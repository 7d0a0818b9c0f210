// Placeholder until the bridge lands (issue 4).
export const preloadReady = true;
