import type { Device } from '../../../api/types';
import { Dash } from '../../../components/Dash';
import { RelativeTime } from '../../../components/RelativeTime';
import { useI18n } from '../../../i18n/useI18n';
import { PlatformCell } from './PlatformCell';

/** Which device this is, for the confirmation: name, model, application, last used. */
export function DeviceSummary({ device }: { device: Device }) {
  const { t } = useI18n();
  return (
    <dl className="summary">
      <div>
        <dt>{t('devices.col.name')}</dt>
        <dd className="cell-text">{device.name || <Dash />}</dd>
      </div>
      <div>
        <dt>{t('devices.col.model')}</dt>
        <dd className="cell-text">{device.model || <Dash />}</dd>
      </div>
      <div>
        <dt>{t('devices.col.platform')}</dt>
        <dd>
          <PlatformCell device={device} />
        </dd>
      </div>
      <div>
        <dt>{t('devices.col.application')}</dt>
        <dd className="cell-text">{device.application || <Dash />}</dd>
      </div>
      <div>
        <dt>{t('devices.col.lastUsed')}</dt>
        <dd>
          <RelativeTime value={device.lastUsedAt} />
        </dd>
      </div>
    </dl>
  );
}
