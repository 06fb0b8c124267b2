import { useId } from 'react';

import { useNow } from '../hooks/useNow';
import { formatDateTime, formatRelative } from '../i18n/format';
import { useI18n } from '../i18n/useI18n';
import { Dash } from './Dash';

/**
 * "3 days ago", with the exact local time in a tooltip that shows on hover and on keyboard focus
 * (and is the element's description for screen readers).
 */
export function RelativeTime({ value }: { value: string | null | undefined }) {
  const { locale } = useI18n();
  const now = useNow();
  const tipId = useId();
  const relative = value ? formatRelative(value, now, locale) : undefined;
  const exact = value ? formatDateTime(value, locale) : undefined;
  if (!value || !relative || !exact) return <Dash />;
  return (
    <span className="reltime">
      {/* Focusable so keyboard users can reveal the exact time, as hover does. */}
      {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
      <time dateTime={value} tabIndex={0} aria-describedby={tipId}>
        {relative}
      </time>
      <span role="tooltip" id={tipId} className="tooltip">
        {exact}
      </span>
    </span>
  );
}
