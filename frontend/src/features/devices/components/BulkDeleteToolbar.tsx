import type { Device } from '../../../api/types';
import { useI18n } from '../../../i18n/useI18n';

/** "Delete selected (n)" (inert until something is selected) and "Delete all devices". */
export function BulkDeleteToolbar({
  devices,
  selected,
  onDelete,
}: {
  devices: readonly Device[];
  selected: ReadonlySet<string>;
  onDelete: (devices: readonly Device[], all: boolean, trigger: HTMLElement) => void;
}) {
  const { t } = useI18n();
  return (
    <div className="devices-toolbar">
      <button
        type="button"
        className="button button-danger-quiet"
        aria-disabled={selected.size === 0}
        onClick={(event) => {
          if (selected.size > 0) {
            onDelete(
              devices.filter((d) => selected.has(d.id)),
              false,
              event.currentTarget,
            );
          }
        }}
      >
        {t('bulkDelete.selected', { count: selected.size })}
      </button>
      <button
        type="button"
        className="button button-danger-quiet"
        onClick={(event) => onDelete(devices, true, event.currentTarget)}
      >
        {t('bulkDelete.all')}
      </button>
    </div>
  );
}
