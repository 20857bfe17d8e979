import { useDashboard } from '../context.ts';
import { missingFromTotal } from '../logic/totals.ts';

/** "Partial — leaves out WMSPanel Edge (stale)": shown wherever a total is, while it is not everything. */
export function PartialTotal({ testId, compact = false }: { testId: string; compact?: boolean }) {
  const { snapshot, t } = useDashboard();
  const missing = missingFromTotal(snapshot?.sources ?? []);
  if (missing.length === 0) return null;
  const names = missing.map((one) => `${one.name} (${t(`total.missing.${one.reason}`)})`).join(', ');
  const leavesOut = t('total.leavesOut', { names });
  return (
    <span
      className={`partial${compact ? ' partial-compact' : ''}`}
      data-testid={testId}
      title={leavesOut}
      role="note"
    >
      <strong className="partial-tag">{t('total.partial')}</strong>
      <span className="partial-names">{leavesOut}</span>
    </span>
  );
}
