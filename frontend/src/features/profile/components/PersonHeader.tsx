import type { Person } from '../../../api/types';
import { PageHeading } from '../../../components/PageHeading';
import { formatCalendarDate } from '../../../i18n/format';
import type { Translate } from '../../../i18n/translate';
import { useI18n } from '../../../i18n/useI18n';
import { ContactList } from './ContactList';
import { CopyButton } from './CopyButton';

function genderText(code: string, t: Translate): string {
  if (code === 'M') return t('person.gender.M');
  if (code === 'F') return t('person.gender.F');
  if (code === 'U') return t('person.gender.U');
  return code;
}

/** Who this is: every person field the agent may read (the server leaves out the rest). */
export function PersonHeader({ person }: { person: Person }) {
  const { t, locale } = useI18n();
  const name = person.displayName?.trim() || t('person.unnamed');
  const emails = person.emails ?? [];
  const phones = person.phones ?? [];
  return (
    <header className="person-header">
      <div className="person-title">
        <PageHeading title={name} className="person-name">
          {name}
        </PageHeading>
        <p className="person-id small muted">
          <span>{t('person.id')} </span>
          <code>{person.personId}</code> <CopyButton value={person.personId} label={t('person.id')} />
        </p>
      </div>
      <dl className="person-fields">
        {person.emails ? (
          <div>
            <dt>{t('person.emails')}</dt>
            <dd>{emails.length ? <ContactList items={emails} /> : <span className="muted">{t('person.none')}</span>}</dd>
          </div>
        ) : null}
        {person.phones ? (
          <div>
            <dt>{t('person.phones')}</dt>
            <dd>{phones.length ? <ContactList items={phones} /> : <span className="muted">{t('person.none')}</span>}</dd>
          </div>
        ) : null}
        {person.locale ? (
          <div>
            <dt>{t('person.locale')}</dt>
            <dd>{person.locale}</dd>
          </div>
        ) : null}
        {person.gender ? (
          <div>
            <dt>{t('person.gender')}</dt>
            <dd>{genderText(person.gender, t)}</dd>
          </div>
        ) : null}
        {person.dateOfBirth ? (
          <div>
            <dt>{t('person.dateOfBirth')}</dt>
            <dd>{formatCalendarDate(person.dateOfBirth, locale)}</dd>
          </div>
        ) : null}
      </dl>
    </header>
  );
}
