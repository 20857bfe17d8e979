import { useDashboard } from '../../context.ts';

export function SecretState({ set }: { set: boolean }) {
  const { t } = useDashboard();
  return (
    <span className={set ? 'tag tag-ok' : 'tag tag-warn'}>
      {set ? t('settings.secretSet') : t('settings.secretNotSet')}
    </span>
  );
}
