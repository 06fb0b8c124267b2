import type { ReactNode } from 'react';

/** A small label next to a value, e.g. "verified". */
export function Badge({ tone, children }: { tone: 'ok' | 'neutral' | 'warn'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
