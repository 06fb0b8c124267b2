import type { AuditChain } from '../../../api/types';
import { Banner } from '../../../components/Banner';
import { useI18n } from '../../../i18n/useI18n';

/**
 * The hash chain's verdict. Intact: one quiet line. Broken: a calm warning that says where, and
 * that the records are shown as stored; it does not hide them.
 */
export function ChainStatus({ chain }: { chain: AuditChain }) {
  const { t, locale } = useI18n();
  if (chain.intact) {
    return (
      <p className="small muted">
        {t('audit.chain.intact', { records: new Intl.NumberFormat(locale).format(chain.records) })}
      </p>
    );
  }
  return (
    <Banner tone="warning" title={t('audit.chain.broken')}>
      <p>{t('audit.chain.brokenBody')}</p>
      {chain.brokenRecord != null ? (
        <p>{t('audit.chain.brokenAt', { record: chain.brokenRecord })}</p>
      ) : null}
      {chain.brokenReason ? <p className="banner-detail">{chain.brokenReason}</p> : null}
    </Banner>
  );
}
