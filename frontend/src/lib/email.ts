/** A quick shape check before asking the server, which has the final word (400). */
export function looksLikeEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(value) && value.length <= 254;
}
