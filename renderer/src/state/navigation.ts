// Hash routing (#/users/12): real links for the sidebar, deep links for tests,
// and the browser's back button, without a router dependency.
import { create } from 'zustand';

export const screenIds = [
  'environments',
  'users',
  'user',
  'trade',
  'rates',
  'treasury',
  'transactions',
  'audit',
  'approvals',
  'settings',
] as const;
export type ScreenId = (typeof screenIds)[number];

export interface Route {
  screen: ScreenId;
  userId?: number;
}

const DEFAULT_ROUTE: Route = { screen: 'users' };

export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [head, second] = parts;
  if (head === 'users' && second && /^\d+$/.test(second)) return { screen: 'user', userId: Number(second) };
  const screen = screenIds.find((s) => s === head && s !== 'user');
  return screen ? { screen } : DEFAULT_ROUTE;
}

export function hrefFor(route: Route): string {
  if (route.screen === 'user' && route.userId !== undefined) return `#/users/${route.userId}`;
  return `#/${route.screen}`;
}

interface NavigationState {
  route: Route;
}

export const useNavigation = create<NavigationState>()(() => ({ route: parseHash(window.location.hash) }));

export function navigate(route: Route): void {
  const href = hrefFor(route);
  if (window.location.hash !== href) window.location.hash = href;
  else useNavigation.setState({ route });
}

export function startNavigation(): () => void {
  const onHash = (): void => useNavigation.setState({ route: parseHash(window.location.hash) });
  window.addEventListener('hashchange', onHash);
  return () => window.removeEventListener('hashchange', onHash);
}
