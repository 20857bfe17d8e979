import { useDashboard } from '../../context.ts';

/** "Failed from New York, Frankfurt": the words translated, the checkpoint names kept as the provider gave them. */
export function FailedFrom({ checkpoints }: { checkpoints: readonly string[] }) {
  const { t } = useDashboard();
  return (
    <span className="failed-from">
      {' '}
      {t('incidents.failedFrom')} <span translate="no">{checkpoints.join(', ')}</span>
    </span>
  );
}
