import { useMutation } from '@tanstack/react-query';

import { saveFile } from '../../../lib/save-file';
import { exportAuditCsv } from '../api/export-audit';
import { type AuditFilters, toQuery } from './filters';

/** Downloads every record these filters select as CSV, into the browser's downloads. */
export function useAuditExport() {
  return useMutation({
    mutationFn: async (filters: AuditFilters) => {
      const file = await exportAuditCsv(toQuery(filters));
      saveFile(file.blob, file.filename);
      return file.filename;
    },
  });
}

export type AuditExport = ReturnType<typeof useAuditExport>;
