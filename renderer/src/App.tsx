// The shell: navigation, the current screen, the status bar and the TOTP prompt.
// Screens are keyed by the active profile so switching environment never shows
// one environment's data under another's name.
import { useEffect, useRef } from 'react';
import { bridgeMissing } from './bridge';
import { CommandPalette, PaletteNotices } from './components/CommandPalette';
import { StatusBar } from './components/StatusBar';
import { TotpDialog } from './components/TotpDialog';
import { paletteKeys, useShortcuts } from './hooks/use-shortcuts';
import { ApprovalsScreen } from './screens/ApprovalsScreen';
import { AuditScreen } from './screens/AuditScreen';
import { EnvironmentsScreen } from './screens/EnvironmentsScreen';
import { RatesScreen } from './screens/RatesScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { TradeScreen } from './screens/TradeScreen';
import { TransactionsScreen } from './screens/TransactionsScreen';
import { TreasuryScreen } from './screens/TreasuryScreen';
import { UserDetailScreen } from './screens/UserDetailScreen';
import { UsersScreen } from './screens/UsersScreen';
import { loadApprovals, resetApprovals, useApprovals } from './state/approvals';
import { startBridgeEvents } from './state/events';
import { hrefFor, startNavigation, useNavigation, type Route, type ScreenId } from './state/navigation';
import { loadOrders } from './state/orders';
import { loadMarket, useRates } from './state/rates';
import { loadProfiles, loadSession, useSession } from './state/session';
import { loadSettings } from './state/settings';
import { setTicketUser } from './state/ticket';
import { useUsers } from './state/users';
import { deskScreens } from '../../shared/screens';
import { WorkspaceBanner } from './components/WorkspaceBanner';
import { followWorkspace } from './state/workspace';

const navItems: readonly { screen: Exclude<ScreenId, 'user'>; label: string; key: string }[] = deskScreens;

export function App() {
  useShortcuts();
  const route = useNavigation((s) => s.route);
  const profileId = useSession((s) => s.session?.profileId ?? '');
  const profileName = useSession((s) => s.session?.profileName);
  const kind = useSession((s) => s.session?.profileKind);

  useEffect(() => {
    const stopNavigation = startNavigation();
    const stopEvents = startBridgeEvents();
    const stopWorkspace = followWorkspace();
    // data-desk-ready marks the first screen as usable (benchmarks and tests wait on it).
    void loadSession().finally(() => {
      document.documentElement.dataset.deskReady = 'true';
    });
    void loadProfiles();
    void loadSettings();
    return () => {
      stopNavigation();
      stopEvents();
      stopWorkspace();
    };
  }, []);

  // Market data, users and the order journal belong to the environment: on a
  // switch, forget the old one's and reload, so no user id crosses environments.
  const previousProfile = useRef(profileId);
  useEffect(() => {
    if (previousProfile.current !== '' && previousProfile.current !== profileId) {
      useUsers.setState({ byId: {} });
      useRates.setState({ latest: {}, pairs: [], loaded: false });
      setTicketUser(null);
      // The per-order limit in effect is the environment's too (the team's on a shared profile).
      void loadSettings();
      resetApprovals();
    }
    previousProfile.current = profileId;
    void loadApprovals();
    void loadMarket();
    void loadOrders();
  }, [profileId]);

  useEffect(() => {
    const env = profileName ? (kind === 'production' ? `PRODUCTION ${profileName}` : profileName) : null;
    document.title = env ? `Kriptomat Desk — ${env}` : 'Kriptomat Desk';
  }, [profileName, kind]);

  if (bridgeMissing()) {
    return (
      <main className="fatal">
        <h1>Kriptomat Desk</h1>
        <p role="alert">The desk bridge is not available. Start the desk with the app or with the browser harness.</p>
      </main>
    );
  }

  const current = route.screen === 'user' ? 'users' : route.screen;
  return (
    <div className={`shell env-${kind ?? 'none'}`}>
      {/* The hash is the router's (#/users/1): following #main would leave the screen,
          so the skip link moves focus itself. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      {kind === 'production' ? (
        <div className="prod-band" role="region" aria-label="Production warning">
          PRODUCTION — {profileName}: real customers, real money
        </div>
      ) : null}
      <nav className="sidebar" aria-label="Main">
        <div className="brand">Kriptomat Desk</div>
        <ul>
          {navItems.map((item) => (
            <li key={item.screen}>
              {item.screen === 'approvals' ? (
                <ApprovalsLink
                  href={hrefFor({ screen: item.screen })}
                  current={current === item.screen}
                  shortcut={`Alt+${item.key}`}
                  label={item.label}
                />
              ) : (
                <a
                  href={hrefFor({ screen: item.screen })}
                  aria-current={current === item.screen ? 'page' : undefined}
                  aria-keyshortcuts={`Alt+${item.key}`}
                >
                  {item.label}
                </a>
              )}
            </li>
          ))}
        </ul>
        <p className="shortcut-help">{paletteKeys().label} commands · Alt+T ticket · Alt+B buy · Alt+S sell · Alt+1…9 screens</p>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        <WorkspaceBanner />
        <ScreenView key={profileId} route={route} />
        <PaletteNotices />
      </main>
      <StatusBar />
      <CommandPalette />
      <TotpDialog />
    </div>
  );
}

function ScreenView({ route }: { route: Route }) {
  switch (route.screen) {
    case 'environments':
      return <EnvironmentsScreen />;
    case 'users':
      return <UsersScreen />;
    case 'user':
      return <UserDetailScreen userId={route.userId ?? 0} />;
    case 'trade':
      return <TradeScreen />;
    case 'rates':
      return <RatesScreen />;
    case 'treasury':
      return <TreasuryScreen />;
    case 'transactions':
      return <TransactionsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'approvals':
      return <ApprovalsScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

/** "Approvals" with the pending proposals beside it: a number to see, "Approvals, 2 pending" as the link's name. */
function ApprovalsLink({ href, current, shortcut, label }: { href: string; current: boolean; shortcut: string; label: string }) {
  const pending = useApprovals((s) => s.pending);
  return (
    <a
      href={href}
      aria-current={current ? 'page' : undefined}
      aria-keyshortcuts={shortcut}
      aria-label={pending > 0 ? `${label}, ${pending} pending` : undefined}
    >
      {label}
      {pending > 0 ? (
        <span className="nav-count" aria-hidden="true">
          {pending}
        </span>
      ) : null}
    </a>
  );
}
