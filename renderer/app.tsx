import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Settings, Snapshot } from '../shared/bridge.ts';
import { describeNotice } from '../shared/i18n/describe-notice.ts';
import { localeFromLanguage, resolveLocale } from '../shared/i18n/locale.ts';
import type { Locale, Notice } from '../shared/notices.ts';
import type { DashboardClient } from './client-type.ts';
import { Dashboard, errorMessage, sourceNameOf, type DashboardContext } from './context.ts';
import { translator } from './i18n/translate.ts';
import { faviconHref, pageTitle } from './logic/page-title.ts';
import { routeTo, type Route } from './logic/route.ts';
import { shortcutFor, tabAfterKey, VIEWS, type ViewId } from './logic/shortcuts.ts';
import { autoDismissMs, pushToast, type Toast } from './logic/toasts.ts';
import { RouteContext } from './route-context.ts';
import { useHashRoute } from './use-hash-route.ts';
import { DailyReportView } from './views/daily-report-view.tsx';
import { GLANCE_LABEL } from './views/glance-pill.tsx';
import { IncidentDetailView } from './views/incidents/incident-detail-view.tsx';
import { IncidentsView } from './views/incidents-view.tsx';
import { OverviewView } from './views/overview-view.tsx';
import { SettingsView } from './views/settings-view.tsx';
import { StreamsView } from './views/streams-view.tsx';
import { storageBannerText } from './logic/storage-banner.ts';
import { StorageBanner } from './views/storage-banner.tsx';
import { ToastStack } from './views/toast-stack.tsx';
import { TopBar } from './views/top-bar.tsx';

// Chart.js is the largest dependency: loaded when the charts are first opened, not at start.
const ChartsView = lazy(() =>
  import('./views/charts-view.tsx').then((module) => ({ default: module.ChartsView })),
);

/** How often the core is asked for a snapshot to prove it is still there (events alone may be quiet). */
const LIVENESS_MS = 10_000;
const RECONNECT_MS = 3_000;

type Connection = 'connecting' | 'online' | 'lost';
type Theme = Settings['theme'];

const NAV_KEYS = {
  overview: 'nav.overview',
  streams: 'nav.streams',
  charts: 'nav.charts',
  incidents: 'nav.incidents',
  daily: 'nav.daily',
  settings: 'nav.settings',
} as const;

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function applyTheme(theme: Theme): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

function setFavicon(href: string): void {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (link === null) {
    link = document.createElement('link');
    link.rel = 'icon';
    document.head.append(link);
  }
  link.type = 'image/svg+xml';
  if (link.getAttribute('href') !== href) link.setAttribute('href', href);
}

export function App({ client }: { client: DashboardClient }) {
  const routing = useHashRoute();
  const { route, navigate } = routing;
  const view = route.view;
  const [snapshot, setSnapshot] = useState<{ value: Snapshot; receivedAt: number } | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [locale, setLocale] = useState<Locale>(() => localeFromLanguage(navigator.language));
  const [theme, setTheme] = useState<Theme>('system');
  const [now, setNow] = useState(() => Date.now());
  const [toasts, setToasts] = useState<Toast[]>([]);
  const filterRef = useRef<HTMLInputElement | null>(null);
  const tabRefs = useRef(new Map<ViewId, HTMLButtonElement>());
  // Each view's last route, so coming back to a tab restores its range, source or filter.
  const lastRoutes = useRef(new Map<ViewId, Route>());
  lastRoutes.current.set(route.view, route);
  const nextToast = useRef(1);
  const t = useMemo(() => translator(locale), [locale]);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const dismissAll = useCallback(() => setToasts([]), []);
  const addToast = useCallback(
    (title: string, body: string, severity: Toast['severity']) => {
      const id = nextToast.current++;
      setToasts((all) => pushToast(all, { id, title, body, severity }));
      // Critical notices stay until the operator dismisses them: they must not be missed.
      const after = autoDismissMs(severity);
      if (after !== null) setTimeout(() => dismiss(id), after);
    },
    [dismiss],
  );

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const snapshotValue = snapshot?.value ?? null;
  const glance = snapshotValue?.glance ?? null;
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  // The tab carries the state: "(2) Critical — Streamtray" and a favicon dot of the same colour.
  useEffect(() => {
    document.title = pageTitle(glance, glance === null ? '' : t(GLANCE_LABEL[glance.state]), t('appTitle'));
    setFavicon(faviconHref(glance === null ? 'connecting' : glance.state));
  }, [glance, t]);
  useEffect(() => applyTheme(theme), [theme]);
  const [systemDark, setSystemDark] = useState(() => matchMedia('(prefers-color-scheme: dark)').matches);
  useEffect(() => {
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);

  useEffect(() => {
    client.settings({}).then(
      (settings) => {
        setLocale(resolveLocale(settings.locale, navigator.language));
        setTheme(settings.theme);
      },
      () => undefined, // Settings unreachable: keep the browser's language and the system theme.
    );
  }, [client]);

  // Snapshot: first by query, then by events; a periodic query doubles as the liveness check that
  // drives the "connection lost" banner, retried quickly while lost.
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const accept = (value: Snapshot) => setSnapshot({ value, receivedAt: Date.now() });
    const check = () => {
      client.snapshot({}).then(
        (value) => {
          if (stopped) return;
          accept(value);
          setConnection('online');
          timer = setTimeout(check, LIVENESS_MS);
        },
        () => {
          if (stopped) return;
          setConnection('lost');
          timer = setTimeout(check, RECONNECT_MS);
        },
      );
    };
    check();
    const off = client.on('snapshot', (value) => {
      accept(value);
      setConnection('online');
    });
    return () => {
      stopped = true;
      clearTimeout(timer);
      off();
    };
  }, [client]);

  const snapshotRef = useRef(snapshotValue);
  snapshotRef.current = snapshotValue;
  useEffect(
    () =>
      client.on('notice', (notice: Notice) => {
        const text = describeNotice(notice, locale, { sourceName: sourceNameOf(snapshotRef.current) });
        addToast(text.title, text.body, notice.severity);
      }),
    [client, locale, addToast],
  );

  // On a phone the tab strip scrolls sideways: keep the current tab in sight.
  useEffect(() => {
    tabRefs.current.get(view)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [view]);

  const switchTo = useCallback(
    (next: ViewId, focusTab = false) => {
      // The Incidents tab always opens the list, even when an incident's page was shown last.
      const remembered = lastRoutes.current.get(next) ?? routeTo(next);
      navigate({ ...remembered, incidentId: null });
      if (focusTab) tabRefs.current.get(next)?.focus();
    },
    [navigate],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const action = shortcutFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inEditable: isEditable(event.target),
      });
      if (action === null) return;
      event.preventDefault();
      // Focus follows the shortcut to the tab, so arrows and Tab continue from where the operator is.
      if (action.kind === 'view') switchTo(action.view, true);
      else {
        switchTo('streams');
        // The streams view mounts its filter on this render; focus it once it is there.
        requestAnimationFrame(() => filterRef.current?.focus());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [switchTo]);

  const context: DashboardContext = {
    client,
    locale,
    t,
    snapshot: snapshotValue,
    receivedAt: snapshot?.receivedAt ?? now,
    now,
    themeKey: `${theme}:${systemDark ? 'dark' : 'light'}`,
    toast: (text, severity = 'info') => addToast(text, '', severity),
  };

  const setPaused = (paused: boolean) => {
    client.setPaused({ paused }).then(
      () => client.snapshot({}).then((value) => setSnapshot({ value, receivedAt: Date.now() })),
      (error: unknown) => addToast(errorMessage(error), '', 'warning'),
    );
  };
  const refresh = () => {
    client.refresh({}).catch((error: unknown) => addToast(errorMessage(error), '', 'warning'));
  };

  return (
    <RouteContext.Provider value={routing}>
      <Dashboard.Provider value={context}>
        <div className="app">
          <TopBar onPause={setPaused} onRefresh={refresh} />
          <div className="banner-slot" aria-live="assertive">
            {connection === 'lost' && (
              <div className="banner banner-error" role="alert" data-testid="connection-lost">
                {t('conn.lost')}
              </div>
            )}
            {snapshotValue !== null && (
              <StorageBanner text={storageBannerText(snapshotValue.storage, locale)} />
            )}
            {connection === 'online' && snapshotValue?.paused === true && (
              <div className="banner banner-info">{t('overview.pausedBanner')}</div>
            )}
          </div>
          <nav className="tabs" role="tablist" aria-label={t('appTitle')}>
            {VIEWS.map((id, index) => (
              <button
                key={id}
                ref={(element) => {
                  if (element === null) tabRefs.current.delete(id);
                  else tabRefs.current.set(id, element);
                }}
                id={`tab-${id}`}
                type="button"
                role="tab"
                aria-selected={view === id}
                aria-controls="view"
                tabIndex={view === id ? 0 : -1}
                className="tab"
                onClick={() => switchTo(id)}
                onKeyDown={(event) => {
                  const next = tabAfterKey(view, event.key);
                  if (next === null) return;
                  event.preventDefault();
                  switchTo(next, true);
                }}
              >
                <kbd aria-hidden="true">{index + 1}</kbd> {t(NAV_KEYS[id])}
              </button>
            ))}
            <span className="tabs-hint">{t('nav.shortcutHint')}</span>
          </nav>
          <main id="view" role="tabpanel" aria-labelledby={`tab-${view}`} className="view" data-view={view}>
            {connection === 'connecting' && snapshotValue === null ? (
              <p className="placeholder">{t('conn.connecting')}</p>
            ) : view === 'overview' ? (
              <OverviewView />
            ) : view === 'streams' ? (
              <StreamsView filterRef={filterRef} />
            ) : view === 'charts' ? (
              <Suspense fallback={<p className="placeholder">{t('state.loading')}</p>}>
                <ChartsView />
              </Suspense>
            ) : view === 'incidents' ? (
              route.incidentId !== null ? (
                <IncidentDetailView key={route.incidentId} id={route.incidentId} />
              ) : (
                <IncidentsView />
              )
            ) : view === 'daily' ? (
              <DailyReportView />
            ) : (
              <SettingsView
                onAppearance={(next) => {
                  if (next.locale !== undefined) setLocale(resolveLocale(next.locale, navigator.language));
                  if (next.theme !== undefined) setTheme(next.theme);
                }}
              />
            )}
          </main>
          <ToastStack toasts={toasts} onDismiss={dismiss} onDismissAll={dismissAll} />
        </div>
      </Dashboard.Provider>
    </RouteContext.Provider>
  );
}
