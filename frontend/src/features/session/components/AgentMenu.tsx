import { useEffect, useId, useRef, useState } from 'react';

import { useI18n } from '../../../i18n/useI18n';
import { useAgentSession } from '../hooks/useAgentSession';
import { useLogout } from '../hooks/useLogout';

/** The agent's name in the header; opens to show who is signed in and a Sign out button. */
export function AgentMenu() {
  const { t } = useI18n();
  const session = useAgentSession();
  const logout = useLogout();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    function onKey(event: KeyboardEvent) {
      if (event.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    }
    function onPointer(event: PointerEvent) {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    }
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  return (
    <div className="agent-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button-quiet agent-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="truncate">{session.agent.displayName}</span>
        <span aria-hidden="true"> ▾</span>
      </button>
      <div id={panelId} className="agent-menu-panel" hidden={!open}>
        <p className="small muted">{t('agent.signedInAs', { username: session.agent.username })}</p>
        {logout.isError ? <p className="field-error">{t('agent.signOutFailed')}</p> : null}
        <button
          type="button"
          className="button button-block"
          onClick={() => logout.mutate()}
          aria-disabled={logout.isPending}
        >
          {logout.isPending ? t('agent.signingOut') : t('agent.signOut')}
        </button>
      </div>
    </div>
  );
}
