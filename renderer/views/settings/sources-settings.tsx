import { useState } from 'react';
import type { SourceView } from '../../../shared/bridge.ts';
import { errorMessage, useDashboard } from '../../context.ts';
import { emptyForm, formFromView, type SourceForm } from '../../logic/source-form.ts';
import { PROVIDER_NAMES, testAnswerWords } from '../../logic/words.ts';
import { useQuery } from '../../use-query.ts';
import { SecretState } from './secret-state.tsx';
import { SourceEditor } from './source-editor.tsx';

export function SourcesSettings() {
  const { client, t, toast } = useDashboard();
  const query = useQuery('sources', () => client.sources({}));
  const [editing, setEditing] = useState<{ form: SourceForm; view: SourceView | null } | null>(null);
  const { reload } = query;

  const remove = (id: string) => {
    if (!window.confirm(t('settings.confirmDelete', { id }))) return;
    client.deleteSource({ id }).then(reload, (error: unknown) => toast(errorMessage(error), 'warning'));
  };
  const test = (id: string) => {
    client.testSource({ id }).then(
      (check) => toast(testAnswerWords(check, t), check.ok ? 'info' : 'warning'),
      (error: unknown) => toast(errorMessage(error), 'warning'),
    );
  };

  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{t('settings.sources')}</h2>
        <button
          type="button"
          className="primary"
          onClick={() => setEditing({ form: emptyForm(), view: null })}
        >
          {t('settings.add')}
        </button>
      </div>
      {query.status === 'error' && (
        <p className="error-text">{t('state.error', { message: query.message })}</p>
      )}
      {query.data === null ? (
        <p className="placeholder">{t('state.loading')}</p>
      ) : query.data.sources.length === 0 ? (
        <p className="placeholder">{t('settings.noSources')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-stack" data-testid="sources-table">
            <thead>
              <tr>
                <th>{t('settings.field.id')}</th>
                <th>{t('settings.field.name')}</th>
                <th>{t('settings.field.provider')}</th>
                <th>{t('settings.apiSecret')}</th>
                <th>{t('settings.webhookToken')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {query.data.sources.map((view) => (
                <tr key={view.source.id}>
                  <td className="mono" data-label={t('settings.field.id')} translate="no">
                    {view.source.id}
                  </td>
                  <td data-label={t('settings.field.name')}>{view.source.name ?? ''}</td>
                  <td data-label={t('settings.field.provider')}>{PROVIDER_NAMES[view.source.provider]}</td>
                  <td data-label={t('settings.apiSecret')}>
                    <SecretState set={view.apiSecretSet} />
                  </td>
                  <td data-label={t('settings.webhookToken')}>
                    {view.source.provider === 'wmspanel' ? <SecretState set={view.webhookTokenSet} /> : '—'}
                  </td>
                  <td className="actions">
                    <button type="button" onClick={() => test(view.source.id)}>
                      {t('settings.test')}
                    </button>
                    <button type="button" onClick={() => setEditing({ form: formFromView(view), view })}>
                      {t('settings.edit')}
                    </button>
                    <button type="button" className="danger" onClick={() => remove(view.source.id)}>
                      {t('settings.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editing !== null && (
        <SourceEditor
          key={editing.view?.source.id ?? 'new'}
          initial={editing.form}
          view={editing.view}
          onSaved={reload}
          onDone={() => setEditing(null)}
        />
      )}
    </section>
  );
}
