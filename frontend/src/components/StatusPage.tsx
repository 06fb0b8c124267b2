import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

import { useI18n } from '../i18n/useI18n';
import { PageHeading } from './PageHeading';

/** A whole-page answer such as 403 or 404, with a way back. */
export function StatusPage({
  code,
  title,
  children,
}: {
  code: number;
  title: string;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="status-page">
      <p className="status-code" aria-hidden="true">
        {code}
      </p>
      <PageHeading title={title}>{title}</PageHeading>
      {children}
      <p>
        <Link to="/">{t('status.backHome')}</Link>
      </p>
    </section>
  );
}

export function ForbiddenPage({ detail }: { detail?: string }) {
  const { t } = useI18n();
  return (
    <StatusPage code={403} title={t('status.forbidden.title')}>
      <p>{t('status.forbidden.body')}</p>
      {detail ? <p className="muted">{detail}</p> : null}
    </StatusPage>
  );
}

export function NotFoundPage({ title, body }: { title?: string; body?: string }) {
  const { t } = useI18n();
  return (
    <StatusPage code={404} title={title ?? t('status.notFound.title')}>
      <p>{body ?? t('status.notFound.body')}</p>
    </StatusPage>
  );
}
