import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Settings, Snapshot } from '../shared/bridge.ts';
import { describeNotice } from '../shared/i18n/describe-notice.ts';
import type { Locale, Notice } from '../shared/notices.ts';
import type { DashboardClient } from './client-type.ts';
import { Dashboard, errorMessage, sourceNameOf, type DashboardContext } from './context.ts';
import { localeFromLanguage, resolveLocale } from '../shared/i18n/locale.ts';
import { translator } from './i18n/translate.ts';
import { shortcutFor, tabAfterKey, VIEWS, type ViewId } from './logic/shortcuts.ts';
import { DailyReportView } from './views/daily-report-view.tsx';
import { IncidentsView } from './views/incidents-view.tsx';
import { OverviewView } from './views/overview-view.tsx';
import { SettingsView } from './views/settings-view.tsx';
import { StreamsView } from './views/streams-view.tsx';
import { GlancePill } from './views/glance-pill.tsx';
import { storageBannerText } from './logic/storage-banner.ts';
import { formatBitrate, formatCount } from '../shared/units.ts';

/** How often the core is asked for a snapshot to prove it is still there (events alone may be quiet). */
// Chart.js is the largest dependency: loaded when the charts are first opened, not at start.
const ChartsView = lazy(() => import('./views/charts-view.tsx').then((module) => ({ default: module.ChartsView })));

const LIVENESS_MS = 10_000;
const RECONNECT_MS = 3_000;
const TOAST_MS = 8_000;

type Connection = 'connecting' | 'online' | 'lost';
type Theme = Settings['theme'];

interface Toast {
  id: number;
  title: string;
  body: string;
  severity: 'info' | 'warning' | 'critical';
}

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

export function App({ client }: { client: DashboardClient }) {
  const [view, setView] = useState<ViewId>('overview');
  const [snapshot, setSnapshot] = useState<{ value: Snapshot; receivedAt: number } | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [locale, setLocale] = useState<Locale>(() => localeFromLanguage(navigator.language));
  const [theme, setTheme] = useState<Theme>('system');
  const [now, setNow] = useState(() => Date.now());
  const [toasts, setToasts] = useState<Toast[]>([]);
  const filterRef = useRef<HTMLInputElement | null>(null);
  const tabRefs = useRef(new Map<ViewId, HTMLButtonElement>());
  const nextToast = useRef(1);
  const t = useMemo(() => translator(locale), [locale]);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((toast) => toast.id !== id)), []);
  const pushToast = useCallback(
    (title: string, body: string, severity: Toast['severity']) => {
      const id = nextToast.current++;
      setToasts((all) => [...all.slice(-4), { id, title, body, severity }]);
      // Critical notices stay until the operator dismisses them: they must not be missed.
      if (severity !== 'critical') setTimeout(() => dismiss(id), TOAST_MS);
    },
    [dismiss],
  );

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('appTitle');
  }, [locale, t]);
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

  const snapshotValue = snapshot?.value ?? null;
  const snapshotRef = useRef(snapshotValue);
  snapshotRef.current = snapshotValue;
  useEffect(
    () =>
      client.on('notice', (notice: Notice) => {
        const text = describeNotice(notice, locale, { sourceName: sourceNameOf(snapshotRef.current) });
        pushToast(text.title, text.body, notice.severity);
      }),
    [client, locale, pushToast],
  );

  const switchTo = useCallback((next: ViewId, focusTab = false) => {
    setView(next);
    if (focusTab) tabRefs.current.get(next)?.focus();
  }, []);

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
        setView('streams');
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
    toast: (text, severity = 'info') => pushToast(text, '', severity),
  };

  const setPaused = (paused: boolean) => {
    client.setPaused({ paused }).then(
      () => client.snapshot({}).then((value) => setSnapshot({ value, receivedAt: Date.now() })),
      (error: unknown) => pushToast(errorMessage(error), '', 'warning'),
    );
  };

  return (
    <Dashboard.Provider value={context}>
      <div className="app">
        <header className="topbar">
          <div className="brand">
            <span className="logo" aria-hidden="true" />
            <h1>{t('appTitle')}</h1>
          </div>
          {snapshotValue !== null && (
            <div className="topbar-totals" aria-label={t('total.viewers')}>
              <GlancePill state={snapshotValue.glance.state} />
              <span className="topbar-figure" data-testid="topbar-viewers">
                {formatCount(snapshotValue.total.viewers)} <small>{t('total.viewers')}</small>
              </span>
              <span className="topbar-figure">
                {formatBitrate(snapshotValue.total.bandwidthBps)}
              </span>
            </div>
          )}
          <div className="topbar-actions">
            {snapshotValue !== null && (
              <button type="button" onClick={() => setPaused(!snapshotValue.paused)}>
                {snapshotValue.paused ? t('action.resume') : t('action.pause')}
              </button>
            )}
            <button
              type="button"
              onClick={() => {
                client.refresh({}).catch((error: unknown) => pushToast(errorMessage(error), '', 'warning'));
              }}
            >
              {t('action.refresh')}
            </button>
          </div>
        </header>
        <div className="banner-slot" aria-live="assertive">
          {connection === 'lost' && (
            <div className="banner banner-error" role="alert" data-testid="connection-lost">
              {t('conn.lost')}
            </div>
          )}
          {snapshotValue !== null && <StorageBanner text={storageBannerText(snapshotValue.storage, locale)} />}
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
              onClick={() => setView(id)}
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
            <IncidentsView />
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
        <div className="toasts" aria-live="polite">
          {toasts.map((toast) => (
            <div key={toast.id} className={`toast toast-${toast.severity}`} role="status">
              <div className="toast-text">
                <strong>{toast.title}</strong>
                {toast.body !== '' && <span>{toast.body}</span>}
              </div>
              <button type="button" className="toast-close" aria-label={t('action.close')} onClick={() => dismiss(toast.id)}>
                ×
              </button>
            </div>
          ))}
        </div>
      </div>
    </Dashboard.Provider>
  );
}

/** A data file that cannot be written: shown for as long as it lasts, not only as a toast. */
function StorageBanner({ text }: { text: { title: string; body: string } | null }) {
  if (text === null) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="storage-fault">
      <strong>{text.title}</strong> {text.body}
    </div>
  );
}
