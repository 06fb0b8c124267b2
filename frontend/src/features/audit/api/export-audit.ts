import { api } from '../../../api/client';
import { request } from '../../../api/request';
import type { AuditQuery } from './list-audit';

/** A file the server made, ready to save. */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

export const DEFAULT_CSV_NAME = 'audit.csv';

/**
 * Every record these filters select, as the server's CSV file. The same URL as the pages, asked
 * for `text/csv` (problems still come as problem+json): the cookie session, the client's
 * middleware and its errors all apply.
 */
export async function exportAuditCsv(query: Omit<AuditQuery, 'limit' | 'before'>): Promise<DownloadedFile> {
  const { blob, type, disposition } = await request(async () => {
    const { data, error, response } = await api.GET('/api/v1/audit', {
      params: { query },
      headers: { Accept: 'text/csv, application/problem+json' },
      parseAs: 'blob',
    });
    const headers = response.headers;
    return {
      data: { blob: data, type: headers.get('Content-Type'), disposition: headers.get('Content-Disposition') },
      error,
      response,
    };
  });
  // A server that does not know the CSV form answers with a JSON page: that is no CSV file.
  if (!/^text\/csv\b/i.test(type ?? '')) throw new Error('The answer is not a CSV file.');
  return {
    blob: blob ?? new Blob([], { type: 'text/csv' }),
    filename: filenameFromDisposition(disposition) ?? DEFAULT_CSV_NAME,
  };
}

/**
 * The file name a `Content-Disposition` header suggests (`filename*=UTF-8''…` first, then
 * `filename="…"`), reduced to a plain name: no folders, no control characters.
 */
export function filenameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  let name: string | undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      name = decodeURIComponent(extended[2].trim());
    } catch {
      name = undefined;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;]+))/i.exec(header);
    name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2]?.trim();
  }
  // eslint-disable-next-line no-control-regex
  const safe = name?.split(/[/\\]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return safe && safe !== '.' && safe !== '..' ? safe : undefined;
}
