import { useState } from 'react';
import { useDashboard } from '../context.ts';
import { useTimeZone } from '../charts/time-zone-pref.ts';
import { customRange, RANGES, rangeWindow, type ChartRange } from '../logic/chart-data.ts';
import { fromLocalInput, toLocalInput } from '../logic/time-ticks.ts';

/** Preset ranges ending now, and a custom window typed on the chosen zone's clock. */
export function RangePicker({ range, onChange }: { range: ChartRange; onChange: (range: ChartRange) => void }) {
  const { t } = useDashboard();
  const timeZone = useTimeZone();
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const custom = range.kind === 'custom';

  const openCustom = () => {
    const window = rangeWindow(range, Date.now());
    setFrom(toLocalInput(window.fromMs, timeZone));
    setTo(toLocalInput(window.toMs, timeZone));
    setProblem(null);
    setEditing(true);
  };
  const apply = () => {
    const result = customRange(fromLocalInput(from, timeZone), fromLocalInput(to, timeZone), Date.now());
    if (!result.ok) {
      setProblem(t(`chartsB.custom.${result.problem}`));
      return;
    }
    setEditing(false);
    onChange(result.range);
  };

  return (
    <div className="range-picker">
      <div className="segmented" role="group" aria-label={t('charts.range')}>
        {RANGES.map((id) => (
          <button
            key={id}
            type="button"
            aria-pressed={range.kind === 'preset' && range.id === id}
            onClick={() => {
              setEditing(false);
              onChange({ kind: 'preset', id });
            }}
          >
            {t(`chartsB.range.${id}`)}
          </button>
        ))}
        <button type="button" aria-pressed={custom || editing} aria-expanded={editing} onClick={openCustom}>
          {t('chartsB.range.custom')}
        </button>
      </div>
      {editing && (
        <form
          className="custom-range"
          onSubmit={(event) => {
            event.preventDefault();
            apply();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') setEditing(false);
          }}
        >
          <label>
            {t('chartsB.custom.from')}{' '}
            <input type="datetime-local" value={from} onChange={(event) => setFrom(event.target.value)} data-testid="custom-from" />
          </label>
          <label>
            {t('chartsB.custom.to')}{' '}
            <input type="datetime-local" value={to} onChange={(event) => setTo(event.target.value)} data-testid="custom-to" />
          </label>
          <button type="submit">{t('chartsB.custom.apply')}</button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('chartsB.custom.cancel')}
          </button>
          {problem !== null && (
            <span className="field-error" role="alert">
              {problem}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
