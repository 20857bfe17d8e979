import { formatBitrate, formatCount } from '../../shared/units.ts';
import type { StreamRow } from '../logic/stream-table.ts';

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
