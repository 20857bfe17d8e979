import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { SaveContactPointResponse } from '../../shared/bridge.ts';
import { SEVERITIES } from '../../shared/contact-points.ts';
import type { ContactPointView, ContactTestResult } from '../../shared/notify-status.ts';
import { errorMessage, useDashboard } from '../context.ts';
import type { StringKey } from '../i18n/translate.ts';
import {
  deliveryLine,
  emptyPointForm,
  errorsFor,
  errorsFromServer,
  formFromPoint,
  POINT_TYPES,
  pointFormToRequest,
  problemText,
  secretBadgeOf,
  secretKindOf,
  testOutcome,
  TYPE_FIELDS,
  willDropSecret,
  type FieldError,
  type FieldProblem,
  type PointField,
  type PointForm,
  type PointTextField,
} from '../logic/contact-point-form.ts';
import { formatClock } from '../logic/format-age.ts';
import { useQuery } from '../use-query.ts';
import './contact-points.css';

// Settings → Contact points: add, edit and remove the places alerts go beyond this desktop, send a test and
// read each point's recent deliveries. Secrets are write-only: the view only learns whether one is set.

/** Deliveries change as the outbox works: an open list follows it, the counts a little slower. */
const DELIVERIES_REFRESH_MS = 5_000;
const LIST_REFRESH_MS = 15_000;

function useEvery(ms: number, run: () => void): void {
  useEffect(() => {
    const timer = window.setInterval(run, ms);
    return () => window.clearInterval(timer);
  }, [ms, run]);
}

const BADGE_CLASS = { set: 'tag tag-ok', notSet: 'tag tag-warn', optional: 'tag', unknown: 'tag tag-warn' } as const;
const BADGE_TEXT = {
  set: 'points.secretSet',
  notSet: 'points.secretNotSet',
  optional: 'points.secretOptional',
  unknown: 'points.secretUnknown',
} as const satisfies Record<string, StringKey>;

export function ContactPointsSettings() {
  const { client, t, toast } = useDashboard();
  const query = useQuery('contactPoints', () => client.contactPoints({}));
  const [editing, setEditingState] = useState<{ form: PointForm; view: ContactPointView | null } | null>(null);
  // Keyboard users land back on the button that opened the editor when it closes.
  const opener = useRef<HTMLElement | null>(null);
  const { reload } = query;
  useEvery(LIST_REFRESH_MS, reload);
  const setEditing = (next: { form: PointForm; view: ContactPointView | null } | null) => {
    if (next !== null) opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    else window.setTimeout(() => opener.current?.focus(), 0);
    setEditingState(next);
  };

  const remove = (id: string) => {
    if (!window.confirm(t('points.confirmRemove', { id }))) return;
    client.deleteContactPoint({ id }).then(
      () => {
        toast(t('points.removed', { id }));
        reload();
      },
      (error: unknown) => toast(errorMessage(error), 'warning'),
    );
  };

  return (
    <section className="panel contact-points" aria-labelledby="contact-points-title" data-testid="contact-points">
      <div className="panel-head">
        <h2 id="contact-points-title">{t('points.title')}</h2>
        <button
          type="button"
          className="primary"
          data-testid="add-contact-point"
          onClick={() => setEditing({ form: emptyPointForm(), view: null })}
        >
          {t('points.add')}
        </button>
      </div>
      <p className="muted cp-intro">{t('points.intro')}</p>
      {query.status === 'error' && <p className="error-text">{t('state.error', { message: query.message })}</p>}
      {query.data?.keychainProblem !== undefined && (
        <p className="cp-warning" role="status">
          {t('points.keychainProblem')}
        </p>
      )}
      {editing !== null && (
        <PointEditor
          key={editing.view?.point.id ?? 'new'}
          initial={editing.form}
          view={editing.view}
          onDone={(saved) => {
            setEditing(null);
            if (saved) reload();
          }}
        />
      )}
      {query.data === null ? (
        <p className="placeholder">{t('state.loading')}</p>
      ) : query.data.points.length === 0 ? (
        <p className="placeholder">{t('points.none')}</p>
      ) : (
        <ul className="cp-list">
          {query.data.points.map((view) => (
            <PointCard
              key={view.point.id}
              view={view}
              onEdit={() => setEditing({ form: formFromPoint(view.point), view })}
              onRemove={() => remove(view.point.id)}
              onChanged={reload}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function SecretBadge({ view }: { view: Pick<ContactPointView, 'secretSet' | 'secretRequired'> }) {
  const { t } = useDashboard();
  const badge = secretBadgeOf(view);
  return (
    <span className={BADGE_CLASS[badge]} data-testid="secret-badge">
      {t(BADGE_TEXT[badge])}
    </span>
  );
}

function PointCard({
  view,
  onEdit,
  onRemove,
  onChanged,
}: {
  view: ContactPointView;
  onEdit: () => void;
  onRemove: () => void;
  onChanged: () => void;
}) {
  const { client, t, toast } = useDashboard();
  const { point } = view;
  const [testing, setTesting] = useState(false);
  const [result, setResult] = useState<ContactTestResult | null>(null);
  const [showDeliveries, setShowDeliveries] = useState(false);
  const [deliveriesKey, setDeliveriesKey] = useState(0);

  const sendTest = () => {
    setTesting(true);
    setResult(null);
    client.testContactPoint({ id: point.id }).then(
      (answer) => {
        setTesting(false);
        setResult(answer);
        setDeliveriesKey((n) => n + 1);
        onChanged();
      },
      (error: unknown) => {
        setTesting(false);
        toast(errorMessage(error), 'warning');
      },
    );
  };

  return (
    <li className="cp-card" data-testid={`contact-point-${point.id}`}>
      <div className="cp-card-head">
        <div className="cp-title">
          <strong>{point.name ?? point.id}</strong>
          {point.name !== undefined && <span className="muted mono">{point.id}</span>}
          <span className="tag">{t(`points.type.${point.type}`)}</span>
        </div>
        <div className="cp-meta">
          <span className="muted">{t(`points.secret.${secretKindOf(point.type)}`)}:</span> <SecretBadge view={view} />
          {view.pending > 0 && <span className="tag">{t('points.queued', { n: view.pending })}</span>}
          {view.failed > 0 && <span className="tag tag-bad">{t('points.failedCount', { n: view.failed })}</span>}
        </div>
      </div>
      <div className="cp-actions">
        <button type="button" onClick={sendTest} disabled={testing} data-testid="send-test">
          {testing ? t('points.testing') : t('points.sendTest')}
        </button>
        <button type="button" aria-expanded={showDeliveries} onClick={() => setShowDeliveries((shown) => !shown)}>
          {showDeliveries ? t('points.deliveriesHide') : t('points.deliveries')}
        </button>
        <button type="button" onClick={onEdit}>
          {t('points.edit')}
        </button>
        <button type="button" className="danger" onClick={onRemove}>
          {t('points.remove')}
        </button>
      </div>
      <div aria-live="polite">{result !== null && <TestAnswer result={result} />}</div>
      {showDeliveries && <Deliveries pointId={point.id} reloadKey={deliveriesKey} />}
    </li>
  );
}

function TestAnswer({ result }: { result: ContactTestResult }) {
  const { t } = useDashboard();
  const shown = testOutcome(result);
  return (
    <div className={shown.ok ? 'cp-test cp-test-ok' : 'cp-test cp-test-bad'} data-testid="test-answer">
      <p className="cp-test-line">
        <strong>{shown.ok ? t('points.testOk') : t('points.testFailed')}</strong>
        {' · '}
        <span data-testid="test-status">
          {shown.status === null ? t('points.testNoAnswer') : t('points.testStatus', { status: shown.status })}
        </span>
      </p>
      {shown.error !== null && <p className="cp-test-error">{shown.error}</p>}
      <p className="muted cp-test-caption">{t('points.answer')}</p>
      {/* The service's words, exactly as it answered (already without the point's secret). */}
      <pre className="cp-answer" data-testid="test-body">
        {shown.answer === '' ? t('points.answerEmpty') : shown.answer}
      </pre>
    </div>
  );
}

function Deliveries({ pointId, reloadKey }: { pointId: string; reloadKey: number }) {
  const { client, t, now } = useDashboard();
  const query = useQuery(`deliveries:${pointId}:${reloadKey}`, () =>
    client.contactPointDeliveries({ pointId, limit: 20 }),
  );
  useEvery(DELIVERIES_REFRESH_MS, query.reload);
  if (query.status === 'error') return <p className="error-text">{t('state.error', { message: query.message })}</p>;
  if (query.data === null) return <p className="placeholder">{t('state.loading')}</p>;
  if (query.data.deliveries.length === 0) return <p className="placeholder">{t('points.deliveriesNone')}</p>;
  return (
    <ol className="cp-deliveries" data-testid="deliveries">
      {query.data.deliveries.map((delivery) => {
        const line = deliveryLine(delivery);
        const at = line.at === null ? '' : formatClock(line.at, now);
        const stateText =
          line.state === 'failed' ? t('points.delivery.failed') : t(`points.delivery.${line.state}`, { at });
        return (
          <li key={delivery.id} className={`cp-delivery cp-delivery-${line.state}`}>
            <span className="cp-delivery-when mono">{formatClock(delivery.createdAt, now)}</span>
            <span className="cp-delivery-title">{delivery.title}</span>
            <span className={line.state === 'failed' ? 'tag tag-bad' : line.state === 'sent' ? 'tag tag-ok' : 'tag tag-warn'}>
              {stateText}
            </span>
            {delivery.attempts > 1 && <span className="muted">{t('points.delivery.attempts', { n: delivery.attempts })}</span>}
            {line.reason !== null && (
              <span className="cp-delivery-reason">{t('points.delivery.reason', { reason: line.reason })}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

type LabelledField = Exclude<PointTextField, 'secret'>;

const FIELD_LABEL: Record<LabelledField, StringKey> = {
  id: 'points.field.id',
  name: 'points.field.name',
  sources: 'points.field.sources',
  repeatMinutes: 'points.field.repeatMinutes',
  baseUrl: 'points.field.baseUrl',
  url: 'points.field.url',
  chatId: 'points.field.chatId',
  smtpHost: 'points.field.smtpHost',
  smtpPort: 'points.field.smtpPort',
  smtpUser: 'points.field.smtpUser',
  from: 'points.field.from',
  to: 'points.field.to',
  user: 'points.field.user',
};

function labelOf(field: LabelledField, form: PointForm): StringKey {
  if (field === 'url' && form.type === 'ntfy') return 'points.field.url.ntfy';
  if (field === 'url' && form.type === 'alertmanager') return 'points.field.url.alertmanager';
  return FIELD_LABEL[field];
}

const PLACEHOLDER: Partial<Record<PointTextField, string>> = {
  url: 'https://',
  baseUrl: 'https://',
  chatId: '-1001234567890',
  smtpHost: 'smtp.example.com',
  from: 'Streamtray <alerts@example.com>',
  to: 'oncall@example.com',
};

/** One labelled field with its errors beneath it, tied together for screen readers. */
function Field({
  label,
  errors,
  children,
  wide,
}: {
  label: ReactNode;
  errors: FieldProblem[];
  children: (props: { 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactNode;
  wide?: boolean;
}) {
  const { t } = useDashboard();
  const errorId = useId();
  return (
    <label className={wide === true ? 'cp-field cp-field-wide' : 'cp-field'}>
      <span className="cp-label">{label}</span>
      {children({ 'aria-invalid': errors.length > 0, ...(errors.length > 0 ? { 'aria-describedby': errorId } : {}) })}
      {errors.length > 0 && (
        <span className="cp-field-error" id={errorId} role="alert">
          {errors.map((problem) => problemText(problem, t)).join(' ')}
        </span>
      )}
    </label>
  );
}

function PointEditor({
  initial,
  view,
  onDone,
}: {
  initial: PointForm;
  view: ContactPointView | null;
  onDone: (saved: boolean) => void;
}) {
  const { client, t, toast } = useDashboard();
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLSelectElement & HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const text = (field: PointTextField) => ({
    value: form[field],
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value }),
  });
  const fieldErrors = (field: PointField) => errorsFor(errors, field);
  const checked = validateQuietly(form);
  const dropWarning = checked !== null && willDropSecret(view, checked);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = pointFormToRequest(form);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors([]);
    setBusy(true);
    client.saveContactPoint(result.request).then(
      (saved: SaveContactPointResponse) => {
        toast(t('points.saved', { id: saved.view.point.id }));
        if (saved.secretDropped) toast(t('points.secretDropped'), 'warning');
        else if (saved.secretMessage !== undefined) toast(saved.secretMessage, 'warning');
        onDone(true);
      },
      (error: unknown) => {
        setBusy(false);
        setErrors(errorsFromServer(errorMessage(error)));
      },
    );
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onDone(false);
    }
  };

  const textField = (field: LabelledField, options: { type?: string; wide?: boolean } = {}) => (
    <Field key={field} label={t(labelOf(field, form))} errors={fieldErrors(field)} {...(options.wide ? { wide: true } : {})}>
      {(aria) => (
        <input
          name={field}
          type={options.type ?? 'text'}
          placeholder={PLACEHOLDER[field]}
          readOnly={field === 'id' && view !== null}
          {...aria}
          {...text(field)}
        />
      )}
    </Field>
  );
  const checkbox = (field: 'ignoreQuietHours' | 'smtpSecure', label: StringKey) => (
    <label key={field} className="cp-check">
      <input
        type="checkbox"
        name={field}
        checked={form[field]}
        onChange={(event) => setForm({ ...form, [field]: event.target.checked })}
      />
      {t(label)}
    </label>
  );
  const typeField = (field: keyof PointForm) => {
    if (field === 'smtpSecure') return checkbox('smtpSecure', 'points.field.smtpSecure');
    if (field === 'type' || field === 'minSeverity' || field === 'ignoreQuietHours' || field === 'secret') return null;
    const wide = field === 'url' || field === 'to';
    return textField(field, { ...(field === 'smtpPort' ? { type: 'number' } : {}), wide });
  };
  const formErrors = fieldErrors('form');
  const secretLabel = t(`points.secret.${secretKindOf(form.type)}`);

  return (
    <form
      className="cp-editor"
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={view === null ? t('points.add') : `${t('points.edit')} ${view.point.id}`}
      data-testid="contact-point-editor"
    >
      <Field label={t('points.type')} errors={fieldErrors('type')}>
        {(aria) => (
          <select
            ref={first}
            name="type"
            value={form.type}
            {...aria}
            onChange={(event) => {
              const type = POINT_TYPES.find((one) => one === event.target.value);
              if (type !== undefined) setForm({ ...form, type });
            }}
          >
            {POINT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`points.type.${type}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {textField('id')}
      {textField('name')}
      {TYPE_FIELDS[form.type].map(typeField)}
      <Field label={t('points.field.minSeverity')} errors={fieldErrors('minSeverity')}>
        {(aria) => (
          <select
            name="minSeverity"
            value={form.minSeverity}
            {...aria}
            onChange={(event) => {
              const severity = SEVERITIES.find((one) => one === event.target.value);
              if (severity !== undefined) setForm({ ...form, minSeverity: severity });
            }}
          >
            {SEVERITIES.map((severity) => (
              <option key={severity} value={severity}>
                {t(`points.severity.${severity}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {textField('sources')}
      {textField('repeatMinutes', { type: 'number' })}
      {checkbox('ignoreQuietHours', 'points.field.ignoreQuietHours')}
      <Field
        wide
        label={
          <>
            {secretLabel} {view !== null && <SecretBadge view={view} />}
          </>
        }
        errors={fieldErrors('secret')}
      >
        {(aria) => (
          <input
            name="secret"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            placeholder={view?.secretSet === true ? t('points.secretKeep') : ''}
            {...aria}
            {...text('secret')}
          />
        )}
      </Field>
      <p className="muted cp-hint">{t('points.secretWriteOnly')}</p>
      {dropWarning && (
        <p className="cp-warning" role="status" data-testid="secret-drop-warning">
          {t('points.secretWillDrop')}
        </p>
      )}
      {formErrors.length > 0 && (
        <ul className="form-errors" role="alert">
          {formErrors.map((problem, index) => (
            <li key={index}>{problemText(problem, t)}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('points.save')}
        </button>
        <button type="button" onClick={() => onDone(false)}>
          {t('points.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The request the form would send now, for the drop warning; null while it is not valid yet. */
function validateQuietly(form: PointForm) {
  const result = pointFormToRequest(form);
  return result.ok ? result.request : null;
}
