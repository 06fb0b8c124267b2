import type { Email, Phone } from '../../../api/types';
import { useI18n } from '../../../i18n/useI18n';
import { Badge } from './Badge';

/** E-mail addresses or phone numbers, each with primary and verified badges. */
export function ContactList({ items }: { items: readonly (Email | Phone)[] }) {
  const { t } = useI18n();
  return (
    <ul className="contact-list">
      {items.map((item, index) => (
        <li key={`${item.value}-${index}`}>
          <span className="cell-text">{item.value}</span>
          {'tag' in item && item.tag ? <span className="muted small"> ({item.tag})</span> : null}{' '}
          {item.primary ? <Badge tone="neutral">{t('person.primary')}</Badge> : null}{' '}
          {item.verified ? (
            <Badge tone="ok">{t('person.verified')}</Badge>
          ) : (
            <Badge tone="warn">{t('person.unverified')}</Badge>
          )}
        </li>
      ))}
    </ul>
  );
}
