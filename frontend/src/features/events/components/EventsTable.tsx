import type { Event } from '../../../api/types';
import { Dash } from '../../../components/Dash';
import { RelativeTime } from '../../../components/RelativeTime';
import { useI18n } from '../../../i18n/useI18n';
import { SourceBadge } from './SourceBadge';

/** Events newest first: time, source, what happened (its type on hover), application, IP, by whom. */
export function EventsTable({ events, captionId }: { events: readonly Event[]; captionId: string }) {
  const { t } = useI18n();
  return (
    <div className="table-box">
      <table className="table events-table" aria-labelledby={captionId}>
        <thead>
          <tr>
            <th scope="col">{t('events.col.time')}</th>
            <th scope="col">{t('events.col.source')}</th>
            <th scope="col">{t('events.col.event')}</th>
            <th scope="col">{t('events.col.application')}</th>
            <th scope="col">{t('events.col.ip')}</th>
            <th scope="col">{t('events.col.actor')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={`${event.source}:${event.id}`}>
              <td className="nowrap">
                <RelativeTime value={event.occurredAt} />
              </td>
              <td className="nowrap">
                <SourceBadge source={event.source} />
              </td>
              <td className="cell-text">
                <span title={event.type}>{event.name || event.type}</span>
              </td>
              <td className="cell-text">{event.application || <Dash />}</td>
              <td className="nowrap mono">{event.clientIp || <Dash />}</td>
              <td className="cell-text">{event.actor ? t('events.by', { actor: event.actor }) : <Dash />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
