import type { CallBudget } from '../../shared/bridge.ts';
import { formatCount } from '../../shared/units.ts';
import { useDashboard } from '../context.ts';

/** "Polling every 45 s to stay within 15,000 calls today", while a source's budget slows its polling. */
export function BudgetNote({ budget }: { budget: CallBudget | undefined }) {
  const { t } = useDashboard();
  if (budget === undefined || !budget.stretched) return null;
  const seconds = Math.round(budget.intervalMs / 1000);
  const every =
    seconds >= 3600
      ? `${Math.round(seconds / 360) / 10} h`
      : seconds >= 120
        ? `${Math.round(seconds / 60)} min`
        : `${seconds} s`;
  return (
    <p className="budget-note" role="status" data-testid="budget-note">
      {t('source.budgetStretched', { every, limit: formatCount(budget.limit) })}
    </p>
  );
}
