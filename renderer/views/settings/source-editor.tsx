import { useState, type FormEvent } from 'react';
import type { SourceView } from '../../../shared/bridge.ts';
import { PROVIDER_KINDS, type ProviderKind } from '../../../shared/domain.ts';
import { errorMessage, useDashboard } from '../../context.ts';
import type { StringKey } from '../../i18n/translate.ts';
import type { FieldErrors } from '../../logic/field-errors.ts';
import { formToRequest, PROVIDER_FIELDS, type SourceForm } from '../../logic/source-form.ts';
import { PROVIDER_NAMES, testAnswerWords } from '../../logic/words.ts';
import { Field } from './field.tsx';
import { SecretState } from './secret-state.tsx';

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

type Status =
  | { kind: 'editing' }
  | { kind: 'saving' }
  | { kind: 'testing' }
  | { kind: 'failed'; answer: string }
  | { kind: 'error'; message: string };

/**
 * Adds or edits a source. Saving writes it, then polls it once (`testSource`) and shows what the
 * provider answered before saying "Saved": a source that does not work yet stays open to be fixed.
 */
export function SourceEditor({
  initial,
  view,
  onSaved,
  onDone,
}: {
  initial: SourceForm;
  view: SourceView | null;
  onSaved: () => void;
  onDone: () => void;
}) {
  const { client, t, toast } = useDashboard();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<Status>({ kind: 'editing' });
  const set = (key: keyof SourceForm) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });
  const busy = status.kind === 'saving' || status.kind === 'testing';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = formToRequest(form);
    if (!result.ok) {
      setErrors(result.errors);
      setStatus({ kind: 'error', message: t('settings.fixErrors') });
      return;
    }
    setErrors({});
    setStatus({ kind: 'saving' });
    const id = result.request.source.id;
    client
      .saveSource(result.request)
      .then(() => {
        onSaved();
        setStatus({ kind: 'testing' });
        return client.testSource({ id });
      })
      .then(
        (check) => {
          const answer = testAnswerWords(check, t);
          if (check.ok) {
            toast(`${answer} ${t('settings.saved')}`);
            onDone();
          } else setStatus({ kind: 'failed', answer });
        },
        (error: unknown) => setStatus({ kind: 'error', message: errorMessage(error) }),
      );
  };

  const provider = PROVIDER_NAMES[form.provider];
  return (
    <form
      className="grid-form editor"
      onSubmit={submit}
      noValidate
      aria-label={view === null ? t('settings.add') : t('settings.edit')}
      data-testid="source-editor"
    >
      <Field label={t('settings.field.provider')} error={errors.provider}>
        {(props) => (
          <select
            {...props}
            value={form.provider}
            disabled={view !== null}
            onChange={(event) => {
              const next = PROVIDER_KINDS.find((kind) => kind === event.target.value);
              if (next !== undefined) setForm({ ...form, provider: next satisfies ProviderKind });
            }}
          >
            {PROVIDER_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {PROVIDER_NAMES[kind]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('settings.field.id')} error={errors.id}>
        {(props) => (
          <input {...props} name="id" value={form.id} readOnly={view !== null} onChange={set('id')} />
        )}
      </Field>
      <Field label={t('settings.field.name')} error={errors.name}>
        {(props) => <input {...props} name="name" value={form.name} onChange={set('name')} />}
      </Field>
      {PROVIDER_FIELDS[form.provider].map((key) => {
        const label = FIELD_LABEL[key];
        return (
          <Field key={key} label={label === undefined ? key : t(label)} error={errors[key]}>
            {(props) => <input {...props} name={key} value={form[key]} onChange={set(key)} />}
          </Field>
        );
      })}
      <Field label={t('settings.field.baseUrl')} error={errors.baseUrl}>
        {(props) => (
          <input
            {...props}
            name="baseUrl"
            type="url"
            value={form.baseUrl}
            onChange={set('baseUrl')}
            placeholder="https://"
          />
        )}
      </Field>
      <Field
        label={
          <>
            {t('settings.apiSecret')} {view !== null && <SecretState set={view.apiSecretSet} />}
          </>
        }
        error={undefined}
      >
        {(props) => (
          <input
            {...props}
            type="password"
            autoComplete="new-password"
            value={form.apiSecret}
            onChange={set('apiSecret')}
            placeholder={view?.apiSecretSet === true ? t('settings.secretKeep') : ''}
          />
        )}
      </Field>
      {form.provider === 'wmspanel' && (
        <Field
          label={
            <>
              {t('settings.webhookToken')} {view !== null && <SecretState set={view.webhookTokenSet} />}
            </>
          }
          error={undefined}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              autoComplete="new-password"
              value={form.webhookToken}
              onChange={set('webhookToken')}
              placeholder={view?.webhookTokenSet === true ? t('settings.secretKeep') : ''}
            />
          )}
        </Field>
      )}
      {view?.webhookPath !== null && view?.webhookPath !== undefined && (
        <p className="muted">
          {t('settings.webhookPath')}: <code>{view.webhookPath}</code>
        </p>
      )}
      <div className="form-status" aria-live="polite" data-testid="source-editor-status">
        {status.kind === 'testing' && <p className="muted">{t('settings.testing', { provider })}</p>}
        {status.kind === 'failed' && (
          <div className="banner banner-error" role="alert">
            <strong>{status.answer}</strong> {t('settings.savedButFailing')}
          </div>
        )}
        {status.kind === 'error' && (
          <p className="error-text" role="alert">
            {status.message}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('settings.save')}
        </button>
        <button type="button" onClick={onDone}>
          {status.kind === 'failed' ? t('settings.close') : t('settings.cancel')}
        </button>
      </div>
    </form>
  );
}
