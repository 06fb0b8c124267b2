import type { ReactNode } from 'react';

type Tone = 'warning' | 'error' | 'info' | 'success';

/** A message band over a section. `alert` interrupts a screen reader; the default waits politely. */
export function Banner({
  tone,
  title,
  children,
  urgent = false,
  action,
}: {
  tone: Tone;
  title: ReactNode;
  children?: ReactNode;
  urgent?: boolean;
  action?: ReactNode;
}) {
  return (
    <div className={`banner banner-${tone}`} role={urgent ? 'alert' : 'status'}>
      <div className="banner-text">
        <p className="banner-title">{title}</p>
        {children}
      </div>
      {action ? <div className="banner-action">{action}</div> : null}
    </div>
  );
}
