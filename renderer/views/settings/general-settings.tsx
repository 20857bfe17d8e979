import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../../shared/bridge.ts';
import { localeSettingSchema } from '../../../shared/config.ts';
import { PARSE_PARAMS } from '../../../shared/schema-errors.ts';
import { settingsSchema } from '../../../shared/bridge.ts';
import { errorMessage, useDashboard } from '../../context.ts';
import { fieldErrorsOf, type FieldErrors } from '../../logic/field-errors.ts';
import { useQuery } from '../../use-query.ts';
import { Field } from './field.tsx';

const LOCALE_NAMES = { system: 'System · 跟随系统', en: 'English', 'zh-CN': '简体中文' } as const;

type Draft = Omit<Settings, 'pollIntervalSeconds' | 'requestTimeoutSeconds'> & {
  pollIntervalSeconds: string;
  requestTimeoutSeconds: string;
};

export function GeneralSettings({ onAppearance }: { onAppearance: (next: Partial<Settings>) => void }) {
  const { client, t, toast } = useDashboard();
  const query = useQuery('settings', () => client.settings({}));
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  useEffect(() => {
    if (query.status === 'ok') {
      setDraft({
        ...query.data,
        pollIntervalSeconds: String(query.data.pollIntervalSeconds),
        requestTimeoutSeconds: String(query.data.requestTimeoutSeconds),
      });
    }
  }, [query.status, query.data]);
  if (draft === null) {
    return query.status === 'error' ? (
      <p className="error-text">{t('state.error', { message: query.message })}</p>
    ) : (
      <p className="placeholder">{t('state.loading')}</p>
    );
  }
  // Language and theme apply at once (they are previews as much as settings); numbers wait for Save.
  const saveNow = (patch: Pick<Partial<Settings>, 'locale' | 'theme'>) => {
    setDraft({ ...draft, ...patch });
    onAppearance(patch);
    client.saveSettings(patch).catch((error: unknown) => toast(errorMessage(error), 'warning'));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const numbers = settingsSchema
      .pick({ pollIntervalSeconds: true, requestTimeoutSeconds: true })
      .safeParse(
        {
          pollIntervalSeconds: toNumber(draft.pollIntervalSeconds),
          requestTimeoutSeconds: toNumber(draft.requestTimeoutSeconds),
        },
        PARSE_PARAMS,
      );
    if (!numbers.success) {
      setErrors(fieldErrorsOf(numbers.error));
      return;
    }
    setErrors({});
    client.saveSettings(numbers.data).then(
      (saved) => {
        setDraft({
          ...draft,
          pollIntervalSeconds: String(saved.pollIntervalSeconds),
          requestTimeoutSeconds: String(saved.requestTimeoutSeconds),
        });
        toast(t('settings.saved'));
      },
      (error: unknown) => toast(errorMessage(error), 'warning'),
    );
  };
  return (
    <section className="panel">
      <h2>{t('settings.general')}</h2>
      <form className="grid-form" onSubmit={submit} noValidate>
        <Field label={t('settings.locale')} error={undefined}>
          {(props) => (
            <select
              {...props}
              data-testid="locale-select"
              value={draft.locale}
              onChange={(event) => {
                const locale = localeSettingSchema.options.find((one) => one === event.target.value);
                if (locale !== undefined) saveNow({ locale });
              }}
            >
              {localeSettingSchema.options.map((locale) => (
                <option key={locale} value={locale} translate="no">
                  {LOCALE_NAMES[locale]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('settings.theme')} error={undefined}>
          {(props) => (
            <select
              {...props}
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
          )}
        </Field>
        <Field label={t('settings.pollInterval')} error={errors.pollIntervalSeconds}>
          {(props) => (
            <input
              {...props}
              inputMode="numeric"
              data-testid="poll-interval"
              value={draft.pollIntervalSeconds}
              onChange={(event) => setDraft({ ...draft, pollIntervalSeconds: event.target.value })}
            />
          )}
        </Field>
        <Field label={t('settings.requestTimeout')} error={errors.requestTimeoutSeconds}>
          {(props) => (
            <input
              {...props}
              inputMode="decimal"
              value={draft.requestTimeoutSeconds}
              onChange={(event) => setDraft({ ...draft, requestTimeoutSeconds: event.target.value })}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('settings.save')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Typed text as a number when it is one; empty as missing; anything else as typed, for the schema to refuse. */
function toNumber(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}
