import { useDashboard } from '../context.ts';
import { stackOf, type Toast } from '../logic/toasts.ts';

export function ToastStack({
  toasts,
  onDismiss,
  onDismissAll,
}: {
  toasts: readonly Toast[];
  onDismiss: (id: number) => void;
  onDismissAll: () => void;
}) {
  const { t } = useDashboard();
  const { shown, hidden } = stackOf(toasts);
  return (
    <div className="toasts" aria-live="polite" data-testid="toasts">
      {toasts.length > 1 && (
        <div className="toast-bar">
          {hidden > 0 && <span className="muted">{t('toast.hidden', { count: hidden })}</span>}
          <button
            type="button"
            className="link-button"
            onClick={onDismissAll}
            data-testid="toasts-dismiss-all"
          >
            {t('toast.dismissAll')}
          </button>
        </div>
      )}
      {shown.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.severity}`} role="status">
          <div className="toast-text">
            <strong>{toast.title}</strong>
            {toast.body !== '' && <span>{toast.body}</span>}
          </div>
          <button
            type="button"
            className="toast-close"
            aria-label={t('action.close')}
            onClick={() => onDismiss(toast.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
