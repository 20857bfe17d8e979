import { useId, useState } from 'react';
import type { MuteTarget } from '../../../shared/notices.ts';
import { useDashboard } from '../../context.ts';

const MUTE_HOURS = [1, 4, 24] as const;

/** Mute with its duration right beside it (1 h, 4 h, 24 h or until unmuted); Unmute while muted. */
export function MuteControl({
  target,
  muted,
  onMute,
  onUnmute,
}: {
  target: MuteTarget;
  muted: boolean;
  onMute: (target: MuteTarget, untilMs: number | null) => void;
  onUnmute: (target: MuteTarget) => void;
}) {
  const { t } = useDashboard();
  const [hours, setHours] = useState<number | null>(1);
  const id = useId();
  if (muted) {
    return (
      <button type="button" onClick={() => onUnmute(target)}>
        {t('incidents.unmute')}
      </button>
    );
  }
  return (
    <span className="mute-control">
      <button
        type="button"
        onClick={() => onMute(target, hours === null ? null : Date.now() + hours * 3_600_000)}
      >
        {t('incidents.mute')}
      </button>
      <label className="visually-hidden" htmlFor={id}>
        {t('incidents.muteFor.label')}
      </label>
      <select
        id={id}
        className="mute-duration"
        value={hours === null ? '' : String(hours)}
        onChange={(event) => setHours(event.target.value === '' ? null : Number(event.target.value))}
      >
        {MUTE_HOURS.map((one) => (
          <option key={one} value={one}>
            {t('incidents.hours', { count: one })}
          </option>
        ))}
        <option value="">{t('incidents.forever')}</option>
      </select>
    </span>
  );
}
