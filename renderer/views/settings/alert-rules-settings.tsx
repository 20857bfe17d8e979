import { useEffect, useState, type FormEvent } from 'react';
import type { AlertSettings } from '../../../shared/bridge.ts';
import { errorMessage, useDashboard } from '../../context.ts';
import type { StringKey } from '../../i18n/translate.ts';
import {
  capPath,
  FIELD_PATHS,
  formFromSettings,
  formToSettings,
  type AlertRulesForm,
  type NumberField,
} from '../../logic/alert-rules-form.ts';
import type { FieldErrors } from '../../logic/field-errors.ts';
import { useQuery } from '../../use-query.ts';
import { Field } from './field.tsx';

const GROUPS: {
  title: StringKey;
  fields: { field: NumberField; label: StringKey; inputMode: 'numeric' | 'decimal' }[];
}[] = [
  {
    title: 'rules.storm',
    fields: [
      { field: 'stormMoreThan', label: 'rules.storm.moreThan', inputMode: 'numeric' },
      { field: 'stormWindowSeconds', label: 'rules.storm.windowSeconds', inputMode: 'decimal' },
    ],
  },
  {
    title: 'rules.flapping',
    fields: [
      { field: 'flappingMoreThan', label: 'rules.flapping.moreThan', inputMode: 'numeric' },
      { field: 'flappingWindowMinutes', label: 'rules.flapping.windowMinutes', inputMode: 'decimal' },
      { field: 'flappingStableMinutes', label: 'rules.flapping.stableMinutes', inputMode: 'decimal' },
    ],
  },
  {
    title: 'rules.severity',
    fields: [{ field: 'criticalViewers', label: 'rules.severity.criticalViewers', inputMode: 'numeric' }],
  },
  {
    title: 'rules.detectors',
    fields: [
      { field: 'vanishedPolls', label: 'rules.detectors.vanishedPolls', inputMode: 'numeric' },
      { field: 'zeroViewerPolls', label: 'rules.detectors.zeroViewerPolls', inputMode: 'numeric' },
      { field: 'unreachableAfterFailures', label: 'rules.detectors.unreachable', inputMode: 'numeric' },
    ],
  },
  {
    title: 'rules.cliff',
    fields: [
      { field: 'cliffDropPercent', label: 'rules.detectors.cliffPercent', inputMode: 'decimal' },
      { field: 'cliffWindowMinutes', label: 'rules.detectors.cliffWindow', inputMode: 'decimal' },
      { field: 'cliffMinViewers', label: 'rules.detectors.cliffMin', inputMode: 'numeric' },
    ],
  },
];

/** Quiet hours, storms, flapping, critical audience and detector thresholds: the config's alerts and detectors. */
export function AlertRulesSettings() {
  const { client, snapshot, t, toast } = useDashboard();
  const query = useQuery('alertSettings', () => client.alertSettings({}));
  const [base, setBase] = useState<AlertSettings | null>(null);
  const [form, setForm] = useState<AlertRulesForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const sources = snapshot?.sources ?? [];
  const sourceKey = sources.map((source) => source.id).join(',');
  useEffect(() => {
    if (query.status !== 'ok') return;
    setBase(query.data);
    setForm(formFromSettings(query.data, sourceKey === '' ? [] : sourceKey.split(',')));
  }, [query.status, query.data, sourceKey]);

  if (form === null || base === null) {
    return (
      <section className="panel">
        <h2>{t('rules.title')}</h2>
        {query.status === 'error' ? (
          <p className="error-text">{t('state.error', { message: query.message })}</p>
        ) : (
          <p className="placeholder">{t('state.loading')}</p>
        )}
      </section>
    );
  }
  const update = (patch: Partial<AlertRulesForm>) => setForm({ ...form, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = formToSettings(form, base);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    setBusy(true);
    client.saveAlertSettings(result.settings).then(
      (saved) => {
        setBusy(false);
        setBase(saved);
        setForm(
          formFromSettings(
            saved,
            sources.map((source) => source.id),
          ),
        );
        toast(t('rules.saved'));
      },
      (error: unknown) => {
        setBusy(false);
        toast(errorMessage(error), 'warning');
      },
    );
  };
  const nameOf = (id: string) => sources.find((source) => source.id === id)?.name ?? id;

  return (
    <section className="panel" aria-labelledby="alert-rules-title">
      <h2 id="alert-rules-title">{t('rules.title')}</h2>
      <form className="rules-form" onSubmit={submit} noValidate data-testid="alert-rules">
        <fieldset>
          <legend>{t('rules.quiet')}</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.quietEnabled}
              onChange={(event) => update({ quietEnabled: event.target.checked })}
            />
            {t('rules.quiet.enabled')}
          </label>
          {form.quietEnabled && (
            <div className="grid-form">
              <Field label={t('rules.quiet.start')} error={errors[FIELD_PATHS.quietStart]}>
                {(props) => (
                  <input
                    {...props}
                    name="quietStart"
                    placeholder="22:00"
                    value={form.quietStart}
                    onChange={(event) => update({ quietStart: event.target.value })}
                  />
                )}
              </Field>
              <Field label={t('rules.quiet.end')} error={errors[FIELD_PATHS.quietEnd]}>
                {(props) => (
                  <input
                    {...props}
                    name="quietEnd"
                    placeholder="07:00"
                    value={form.quietEnd}
                    onChange={(event) => update({ quietEnd: event.target.value })}
                  />
                )}
              </Field>
              <Field label={t('rules.quiet.timeZone')} error={errors[FIELD_PATHS.quietTimeZone]}>
                {(props) => (
                  <input
                    {...props}
                    name="quietTimeZone"
                    translate="no"
                    placeholder={Intl.DateTimeFormat().resolvedOptions().timeZone}
                    value={form.quietTimeZone}
                    onChange={(event) => update({ quietTimeZone: event.target.value })}
                  />
                )}
              </Field>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.quietLetCritical}
                  onChange={(event) => update({ quietLetCritical: event.target.checked })}
                />
                {t('rules.quiet.letCritical')}
              </label>
            </div>
          )}
        </fieldset>
        {GROUPS.map((group) => (
          <fieldset key={group.title}>
            <legend>{t(group.title)}</legend>
            <div className="grid-form">
              {group.fields.map(({ field, label, inputMode }) => (
                <Field key={field} label={t(label)} error={errors[FIELD_PATHS[field]]}>
                  {(props) => (
                    <input
                      {...props}
                      name={field}
                      inputMode={inputMode}
                      value={form[field]}
                      onChange={(event) => update({ [field]: event.target.value })}
                    />
                  )}
                </Field>
              ))}
            </div>
          </fieldset>
        ))}
        {Object.keys(form.capsMbps).length > 0 && (
          <fieldset>
            <legend>{t('rules.caps')}</legend>
            <div className="grid-form">
              {Object.keys(form.capsMbps).map((id) => (
                <Field
                  key={id}
                  label={t('rules.detectors.cap', { source: nameOf(id) })}
                  error={errors[capPath(id)]}
                >
                  {(props) => (
                    <input
                      {...props}
                      name={`cap-${id}`}
                      inputMode="decimal"
                      value={form.capsMbps[id] ?? ''}
                      onChange={(event) =>
                        update({ capsMbps: { ...form.capsMbps, [id]: event.target.value } })
                      }
                    />
                  )}
                </Field>
              ))}
            </div>
          </fieldset>
        )}
        {Object.keys(errors).length > 0 && (
          <p className="error-text" role="alert">
            {t('settings.fixErrors')}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {t('settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
