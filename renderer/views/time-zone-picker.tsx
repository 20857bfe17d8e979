import { useMemo } from 'react';
import { useDashboard } from '../context.ts';
import { browserTimeZone, setTimeZone, timeZoneChoices, useTimeZone } from '../charts/time-zone-pref.ts';
import { zoneOffsetLabel } from '../logic/time-ticks.ts';

/** Which zone the times are in, shown with its offset, and a choice of another (kept in this browser). */
export function TimeZonePicker() {
  const { t, now } = useDashboard();
  const zone = useTimeZone();
  const choices = useMemo(() => timeZoneChoices(), [zone]);
  const browser = browserTimeZone();
  return (
    <label className="time-zone" title={t('chartsB.zoneHint')}>
      {t('chartsB.zone')}{' '}
      <select
        value={zone}
        translate="no"
        data-testid="time-zone"
        onChange={(event) => setTimeZone(event.target.value === browser ? null : event.target.value)}
      >
        {choices.map((name) => (
          <option key={name} value={name}>
            {name === browser ? t('chartsB.zoneBrowser', { zone: name }) : name}
          </option>
        ))}
      </select>{' '}
      <span className="muted" data-testid="zone-offset">
        {zoneOffsetLabel(now, zone)}
      </span>
    </label>
  );
}
