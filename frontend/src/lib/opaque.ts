/**
 * Upstream JSON of no documented shape (a person's addresses and custom attributes) as one line
 * of plain text: objects as `key: value`, lists joined, nested ones in brackets. Never markup:
 * the caller renders the result as text.
 */
export function opaqueText(value: unknown): string {
  return text(value, 0);
}

/** Whether `value` is a JSON object (not a list, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deeper than this, a value is shown as an ellipsis: CIM's data is not meant to nest further. */
const MAX_DEPTH = 6;

function text(value: unknown, depth: number): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const items = value.map((item) => text(item, depth + 1));
    return depth === 0 ? items.join('; ') : `[${items.join(', ')}]`;
  }
  if (isJsonObject(value)) {
    const fields = Object.entries(value).map(([key, item]) => `${key}: ${text(item, depth + 1)}`);
    return depth === 0 ? fields.join(', ') : `{${fields.join(', ')}}`;
  }
  // JSON has nothing else; anything that is not JSON has no text worth showing.
  return '';
}
