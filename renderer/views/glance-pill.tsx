import type { GlanceState } from '../../shared/bridge.ts';
import { useDashboard } from '../context.ts';

export const GLANCE_LABEL = {
  critical: 'glance.critical',
  warning: 'glance.warning',
  stale: 'glance.stale',
  paused: 'glance.paused',
  ok: 'glance.ok',
  idle: 'glance.idle',
} as const;

export function GlancePill({ state }: { state: GlanceState }) {
  const { t } = useDashboard();
  return (
    <span className={`pill pill-${state}`} data-testid="glance">
      <span className="dot" aria-hidden="true" />
      {t(GLANCE_LABEL[state])}
    </span>
  );
}
