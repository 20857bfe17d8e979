import { formatBitrate, formatCount } from '../../shared/units.ts';
import { useDashboard } from '../context.ts';
import { GlancePill } from './glance-pill.tsx';
import { PartialTotal } from './partial-total.tsx';

/** Brand, the glance (state, totals, whether they are partial) and the global actions; the glance stays on phones. */
export function TopBar({
  onPause,
  onRefresh,
}: {
  onPause: (paused: boolean) => void;
  onRefresh: () => void;
}) {
  const { snapshot, t } = useDashboard();
  return (
    <header className="topbar">
      <div className="brand">
        <span className="logo" aria-hidden="true" />
        <h1>{t('appTitle')}</h1>
      </div>
      {snapshot !== null && (
        <div className="topbar-glance" aria-label={t('total.viewers')} data-testid="topbar-glance">
          <a className="glance-link" href="#/incidents">
            <GlancePill state={snapshot.glance.state} />
          </a>
          <span className="topbar-figure" data-testid="topbar-viewers">
            {formatCount(snapshot.total.viewers)} <small>{t('total.viewers')}</small>
          </span>
          <span className="topbar-figure" data-testid="topbar-bandwidth">
            {formatBitrate(snapshot.total.bandwidthBps)}
          </span>
          <PartialTotal testId="topbar-partial" compact />
        </div>
      )}
      <div className="topbar-actions">
        {snapshot !== null && (
          <button type="button" onClick={() => onPause(!snapshot.paused)}>
            {snapshot.paused ? t('action.resume') : t('action.pause')}
          </button>
        )}
        <button type="button" onClick={onRefresh}>
          {t('action.refresh')}
        </button>
      </div>
    </header>
  );
}
