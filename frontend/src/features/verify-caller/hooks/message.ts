/** The longest message the server takes, in characters (Unicode code points, as it counts). */
export const MESSAGE_MAX = 200;

/** Why a message cannot be sent, or null when it can. */
export type MessageProblem = 'empty' | 'tooLong' | 'control';

/** How many characters the server counts in `text`. */
export function messageLength(text: string): number {
  return Array.from(text).length;
}

/** Line breaks and tabs (typed or pasted) become spaces: the message is one line on the phone. */
export function withoutLineBreaks(text: string): string {
  return text.replace(/[\r\n\t]+/g, ' ');
}

/** Checks the message as the server will, after trimming it. */
export function messageProblem(text: string): MessageProblem | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'empty';
  if (messageLength(trimmed) > MESSAGE_MAX) return 'tooLong';
  if (/\p{Cc}/u.test(trimmed)) return 'control';
  return null;
}
