import { formatBitrate, formatCount } from '../../shared/units.ts';
import { useDashboard } from '../context.ts';
import { useTimeZone } from '../charts/time-zone-pref.ts';
import type { StreamRow } from '../logic/stream-table.ts';
import { streamHash } from '../logic/stream-route.ts';
import { momentLabel } from '../logic/time-ticks.ts';
import { formatAge } from '../logic/format-age.ts';

/** One stream in a table: name, source, viewers and bandwidth; greyed while its source is stale. */
export function StreamTableRow({ row }: { row: StreamRow }) {
  return (
    <tr className={row.stale ? 'row-stale' : undefined}>
      <td className="mono">{row.name}</td>
      <td>{row.sourceName}</td>
      <td className="num">{formatCount(row.viewers)}</td>
      <td className="num">{formatBitrate(row.bandwidthBps)}</td>
    </tr>
  );
}

/** Live, stale, or "offline since …" with how long ago, in the chosen zone. */
export function StreamStateTag({ row }: { row: Pick<StreamRow, 'state' | 'offlineSince'> }) {
  const { t, locale, now } = useDashboard();
  const timeZone = useTimeZone();
  if (row.state === 'live') return <span className="tag tag-ok">{t('streamsB.state.live')}</span>;
  if (row.state === 'stale') return <span className="tag tag-warn">{t('streamsB.state.stale')}</span>;
  if (row.offlineSince === null) return <span className="tag">{t('streamsB.state.offline')}</span>;
  return (
    <span className="tag tag-off" title={momentLabel(row.offlineSince, timeZone, locale)}>
      {t('streamsB.state.offlineSince', {
        time: momentLabel(row.offlineSince, timeZone, locale),
        age: formatAge(now - row.offlineSince, t),
      })}
    </span>
  );
}

interface CatalogRowProps {
  row: StreamRow;
  index: number;
  onOpen: (row: StreamRow) => void;
  /** Measured by the virtual list: rows may wrap at narrow widths. */
  measure: (element: HTMLTableRowElement | null) => void;
}

/** A row of the Streams view: the name opens the stream; Enter on the row does too. */
export function StreamCatalogRow({ row, index, onOpen, measure }: CatalogRowProps) {
  const { t } = useDashboard();
  const classes = [row.stale ? 'row-stale' : '', row.state === 'offline' ? 'row-offline' : '', 'row-link'].join(' ').trim();
  return (
    <tr
      ref={measure}
      data-index={index}
      className={classes}
      data-state={row.state}
      onClick={() => onOpen(row)}
    >
      <td className="mono stream-name">
        <a
          href={streamHash({ sourceId: row.sourceId, stream: row.name })}
          onClick={(event) => {
            event.preventDefault();
            event.stopPropagation();
            onOpen(row);
          }}
        >
          {row.name}
        </a>
        {row.openIncidentId !== null && (
          <span className="tag tag-crit incident-mark" title={t('streamsB.openIncident')}>
            !
          </span>
        )}
      </td>
      <td>
        <StreamStateTag row={row} />
      </td>
      <td>{row.sourceName}</td>
      <td>{t(`streamsB.provider.${row.provider}`)}</td>
      <td className="num">{formatCount(row.viewers)}</td>
      <td className="num">{formatBitrate(row.bandwidthBps)}</td>
    </tr>
  );
}
