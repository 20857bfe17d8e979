import { useEffect, useState, type FormEvent } from 'react';
import type { Settings, SourceView } from '../../shared/bridge.ts';
import { PROVIDER_KINDS, type ProviderKind } from '../../shared/domain.ts';
import { localeSettingSchema } from '../../shared/config.ts';
import { formatCount } from '../../shared/units.ts';
import { errorMessage, useDashboard } from '../context.ts';
import type { StringKey } from '../i18n/translate.ts';
import { emptyForm, formFromView, formToRequest, PROVIDER_FIELDS, type SourceForm } from '../logic/source-form.ts';
import { useQuery } from '../use-query.ts';
import { ContactPointsSettings } from './contact-points-view.tsx';

const LOCALE_NAMES = { system: 'System · 跟随系统', en: 'English', 'zh-CN': '简体中文' } as const;
const PROVIDER_NAMES = { wmspanel: 'WMSPanel', scaleengine: 'ScaleEngine', qiniu: 'Qiniu Pili' } as const;
const FIELD_LABEL: Partial<Record<keyof SourceForm, StringKey>> = {
  clientId: 'settings.field.clientId',
  dataSlice: 'settings.field.dataSlice',
  server: 'settings.field.server',
  apiKey: 'settings.field.apiKey',
  cdnId: 'settings.field.cdnId',
  apps: 'settings.field.apps',
  urls: 'settings.field.urls',
  accessKey: 'settings.field.accessKey',
  hub: 'settings.field.hub',
};

export function SettingsView({ onAppearance }: { onAppearance: (next: Partial<Settings>) => void }) {
  return (
    <div className="settings">
      <GeneralSettings onAppearance={onAppearance} />
      <SourcesSettings />
      <ContactPointsSettings />
    </div>
  );
}

function GeneralSettings({ onAppearance }: { onAppearance: (next: Partial<Settings>) => void }) {
  const { client, t, toast } = useDashboard();
  const query = useQuery('settings', () => client.settings({}));
  const [draft, setDraft] = useState<Settings | null>(null);
  useEffect(() => {
    if (query.status === 'ok') setDraft(query.data);
  }, [query.status, query.data]);
  if (draft === null) {
    return query.status === 'error' ? (
      <p className="error-text">{t('state.error', { message: query.message })}</p>
    ) : (
      <p className="placeholder">{t('state.loading')}</p>
    );
  }
  // Language and theme apply at once (they are previews as much as settings); numbers wait for Save.
  const saveNow = (patch: Partial<Settings>) => {
    setDraft({ ...draft, ...patch });
    onAppearance(patch);
    client.saveSettings(patch).catch((error: unknown) => toast(errorMessage(error), 'warning'));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    client
      .saveSettings({ pollIntervalSeconds: draft.pollIntervalSeconds, requestTimeoutSeconds: draft.requestTimeoutSeconds })
      .then((saved) => {
        setDraft(saved);
        toast(t('settings.saved'));
      }, (error: unknown) => toast(errorMessage(error), 'warning'));
  };
  return (
    <section className="panel">
      <h2>{t('settings.general')}</h2>
      <form className="grid-form" onSubmit={submit}>
        <label>
          {t('settings.locale')}
          <select
            data-testid="locale-select"
            value={draft.locale}
            onChange={(event) => {
              const locale = localeSettingSchema.options.find((one) => one === event.target.value);
              if (locale !== undefined) saveNow({ locale });
            }}
          >
            {localeSettingSchema.options.map((locale) => (
              <option key={locale} value={locale}>
                {LOCALE_NAMES[locale]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.theme')}
          <select
            data-testid="theme-select"
            value={draft.theme}
            onChange={(event) => {
              const value = event.target.value;
              if (value === 'system' || value === 'light' || value === 'dark') saveNow({ theme: value });
            }}
          >
            <option value="system">{t('settings.theme.system')}</option>
            <option value="light">{t('settings.theme.light')}</option>
            <option value="dark">{t('settings.theme.dark')}</option>
          </select>
        </label>
        <label>
          {t('settings.pollInterval')}
          <input
            type="number"
            min={5}
            max={86_400}
            required
            value={draft.pollIntervalSeconds}
            onChange={(event) => setDraft({ ...draft, pollIntervalSeconds: Number(event.target.value) })}
          />
        </label>
        <label>
          {t('settings.requestTimeout')}
          <input
            type="number"
            min={1}
            max={300}
            required
            value={draft.requestTimeoutSeconds}
            onChange={(event) => setDraft({ ...draft, requestTimeoutSeconds: Number(event.target.value) })}
          />
        </label>
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

function SourcesSettings() {
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
      (check) =>
        check.ok
          ? toast(t('settings.testOk', { id, viewers: formatCount(check.viewers) }))
          : toast(t('settings.testFailed', { id, message: `${check.error.kind}: ${check.error.message}` }), 'warning'),
      (error: unknown) => toast(errorMessage(error), 'warning'),
    );
  };

  return (
    <section className="panel">
      <div className="panel-head">
        <h2>{t('settings.sources')}</h2>
        <button type="button" className="primary" onClick={() => setEditing({ form: emptyForm(), view: null })}>
          {t('settings.add')}
        </button>
      </div>
      {query.status === 'error' && <p className="error-text">{t('state.error', { message: query.message })}</p>}
      {query.data === null ? (
        <p className="placeholder">{t('state.loading')}</p>
      ) : query.data.sources.length === 0 ? (
        <p className="placeholder">{t('settings.noSources')}</p>
      ) : (
        <table className="table">
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
                <td className="mono">{view.source.id}</td>
                <td>{view.source.name ?? ''}</td>
                <td>{PROVIDER_NAMES[view.source.provider]}</td>
                <td>
                  <SecretState set={view.apiSecretSet} />
                </td>
                <td>{view.source.provider === 'wmspanel' ? <SecretState set={view.webhookTokenSet} /> : '—'}</td>
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
      )}
      {editing !== null && (
        <SourceEditor
          initial={editing.form}
          view={editing.view}
          onDone={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      )}
    </section>
  );
}

function SecretState({ set }: { set: boolean }) {
  const { t } = useDashboard();
  return <span className={set ? 'tag tag-ok' : 'tag tag-warn'}>{set ? t('settings.secretSet') : t('settings.secretNotSet')}</span>;
}

function SourceEditor({
  initial,
  view,
  onDone,
}: {
  initial: SourceForm;
  view: SourceView | null;
  onDone: (saved: boolean) => void;
}) {
  const { client, t, toast } = useDashboard();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof SourceForm) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = formToRequest(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors([]);
    setBusy(true);
    client.saveSource(result.request).then(
      () => {
        toast(t('settings.saved'));
        onDone(true);
      },
      (error: unknown) => {
        setBusy(false);
        setErrors([errorMessage(error)]);
      },
    );
  };

  return (
    <form className="grid-form editor" onSubmit={submit} aria-label={view === null ? t('settings.add') : t('settings.edit')}>
      <label>
        {t('settings.field.provider')}
        <select
          value={form.provider}
          disabled={view !== null}
          onChange={(event) => {
            const provider = PROVIDER_KINDS.find((kind) => kind === event.target.value);
            if (provider !== undefined) setForm({ ...form, provider: provider satisfies ProviderKind });
          }}
        >
          {PROVIDER_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {PROVIDER_NAMES[kind]}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('settings.field.id')}
        <input required value={form.id} readOnly={view !== null} onChange={set('id')} />
      </label>
      <label>
        {t('settings.field.name')}
        <input value={form.name} onChange={set('name')} />
      </label>
      {PROVIDER_FIELDS[form.provider].map((key) => {
        const label = FIELD_LABEL[key];
        return (
          <label key={key}>
            {label === undefined ? key : t(label)}
            <input value={form[key]} onChange={set(key)} />
          </label>
        );
      })}
      <label>
        {t('settings.field.baseUrl')}
        <input type="url" value={form.baseUrl} onChange={set('baseUrl')} placeholder="https://" />
      </label>
      <label>
        {t('settings.apiSecret')}{' '}
        {view !== null && <SecretState set={view.apiSecretSet} />}
        <input
          type="password"
          autoComplete="new-password"
          value={form.apiSecret}
          onChange={set('apiSecret')}
          placeholder={view?.apiSecretSet === true ? t('settings.secretKeep') : ''}
        />
      </label>
      {form.provider === 'wmspanel' && (
        <label>
          {t('settings.webhookToken')}{' '}
          {view !== null && <SecretState set={view.webhookTokenSet} />}
          <input
            type="password"
            autoComplete="new-password"
            value={form.webhookToken}
            onChange={set('webhookToken')}
            placeholder={view?.webhookTokenSet === true ? t('settings.secretKeep') : ''}
          />
        </label>
      )}
      {view?.webhookPath !== null && view?.webhookPath !== undefined && (
        <p className="muted">
          {t('settings.webhookPath')}: <code>{view.webhookPath}</code>
        </p>
      )}
      {errors.length > 0 && (
        <ul className="form-errors" role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('settings.save')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('settings.cancel')}
        </button>
      </div>
    </form>
  );
}
