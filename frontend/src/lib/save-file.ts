/**
 * Hands a file to the browser's downloads: a temporary object URL on an `<a download>` that is
 * clicked and removed at once. The URL is revoked a little later, once the download has begun
 * (some browsers read it after the click returns).
 */
export function saveFile(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  link.hidden = true;
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
