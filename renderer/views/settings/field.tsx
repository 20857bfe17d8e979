import { useId, type ReactNode } from 'react';
import { useDashboard } from '../../context.ts';
import type { FieldError } from '../../logic/field-errors.ts';

/** A labelled input with its validation error right under it, tied to it for screen readers. */
export function Field({
  label,
  error,
  children,
  hint,
}: {
  label: ReactNode;
  error: FieldError | undefined;
  hint?: ReactNode;
  children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}) {
  const { t } = useDashboard();
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${error !== undefined ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': error !== undefined,
        'aria-describedby': error !== undefined ? errorId : undefined,
      })}
      {hint !== undefined && <span className="field-hint muted">{hint}</span>}
      {error !== undefined && (
        <span className="field-error" id={errorId} role="alert">
          {t(error.key, error.params)}
        </span>
      )}
    </div>
  );
}
