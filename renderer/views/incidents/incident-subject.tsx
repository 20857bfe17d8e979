import type { AlertSubject } from '../../../shared/alerts.ts';
import { useDashboard } from '../../context.ts';
import { subjectWords } from '../../logic/words.ts';

/** "Stream edge1/live/cam9" with the kind as a tag; names are data, so marked as not to be translated. */
export function IncidentSubject({ sourceId, subject }: { sourceId: string; subject: AlertSubject }) {
  const { t } = useDashboard();
  const sourceName = useSourceName();
  return (
    <>
      <span className="tag">{t(`incidents.kind.${subject.kind}`)}</span>{' '}
      <span className="mono subject-name" translate="no">
        {subjectWords(sourceId, subject, sourceName, t)}
      </span>
    </>
  );
}

/** A source's display name from the snapshot; the id while the source is unknown (removed since). */
export function useSourceName(): (id: string) => string {
  const { snapshot } = useDashboard();
  return (id) => snapshot?.sources.find((source) => source.id === id)?.name ?? id;
}
