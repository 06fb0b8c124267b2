import { describe, expect, it } from 'vitest';

import { filenameFromDisposition } from './export-audit';

describe('the file name of a download', () => {
  it('comes from Content-Disposition', () => {
    expect(filenameFromDisposition('attachment; filename="audit-20261128.csv"')).toBe('audit-20261128.csv');
    expect(filenameFromDisposition('attachment; filename=audit.csv; size=3')).toBe('audit.csv');
    expect(filenameFromDisposition("attachment; filename=\"a.csv\"; filename*=UTF-8''audit%20nov%C3%A9.csv")).toBe(
      'audit nové.csv',
    );
  });

  it('is a plain name, never a path', () => {
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd');
    expect(filenameFromDisposition('attachment; filename="C:\\\\temp\\\\x.csv"')).toBe('x.csv');
    expect(filenameFromDisposition('attachment; filename=".."')).toBeUndefined();
  });

  it('is missing without one', () => {
    expect(filenameFromDisposition(null)).toBeUndefined();
    expect(filenameFromDisposition('attachment')).toBeUndefined();
    expect(filenameFromDisposition('attachment; filename=""')).toBeUndefined();
  });
});
