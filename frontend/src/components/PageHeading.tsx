import { type ReactNode, useEffect, useRef } from 'react';

import { useI18n } from '../i18n/useI18n';

/**
 * The page's h1. Sets the document title and, when a page appears, takes focus, so a screen
 * reader announces the new page and Tab continues from its top.
 */
export function PageHeading({
  children,
  title,
  focus = true,
  className,
}: {
  children: ReactNode;
  /** The document title's first part, when the heading is not plain text. */
  title: string;
  focus?: boolean;
  className?: string;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLHeadingElement>(null);
  const appName = t('app.name');

  useEffect(() => {
    document.title = title === appName ? appName : `${title} – ${appName}`;
  }, [title, appName]);

  useEffect(() => {
    if (focus) ref.current?.focus({ preventScroll: true });
  }, [focus]);

  return (
    <h1 ref={ref} tabIndex={-1} className={className}>
      {children}
    </h1>
  );
}
