import type { Person } from '../../../api/types';
import { PageHeading } from '../../../components/PageHeading';
import { formatCalendarDate } from '../../../i18n/format';
import type { Translate } from '../../../i18n/translate';
import { useI18n } from '../../../i18n/useI18n';
import { isJsonObject, opaqueText } from '../../../lib/opaque';
import { ContactList } from './ContactList';
import { CopyButton } from './CopyButton';

function genderText(code: string, t: Translate): string {
  if (code === 'M') return t('person.gender.M');
  if (code === 'F') return t('person.gender.F');
  if (code === 'U') return t('person.gender.U');
  return code;
}

/** Addresses as CIM holds them (no documented shape): one line of text each. */
function Addresses({ value, none }: { value: unknown; none: string }) {
  if (!Array.isArray(value)) return <>{opaqueText(value)}</>;
  if (!value.length) return <span className="muted">{none}</span>;
  return (
    <ul className="contact-list">
      {value.map((address, index) => (
        <li key={index}>{opaqueText(address)}</li>
      ))}
    </ul>
  );
}

/** Custom attributes by name, or, where CIM holds something else, that value as text. */
function Attributes({ value }: { value: unknown }) {
  if (!isJsonObject(value)) return <>{opaqueText(value)}</>;
  return (
    <dl className="attribute-list">
      {Object.entries(value).map(([name, attribute]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{opaqueText(attribute)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Whether there is anything to show of the custom attributes. */
function hasAttributes(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  return isJsonObject(value) ? Object.keys(value).length > 0 : true;
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
        {person.addresses !== undefined && person.addresses !== null ? (
          <div>
            <dt>{t('person.addresses')}</dt>
            <dd>
              <Addresses value={person.addresses} none={t('person.none')} />
            </dd>
          </div>
        ) : null}
        {hasAttributes(person.customAttributes) ? (
          <div>
            <dt>{t('person.attributes')}</dt>
            <dd>
              <Attributes value={person.customAttributes} />
            </dd>
          </div>
        ) : null}
      </dl>
    </header>
  );
}
