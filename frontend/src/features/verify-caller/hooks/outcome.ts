import type { VerificationState } from '../../../api/types';
import type { Translate } from '../../../i18n/translate';

/** How a state looks: the app's tones, a mark besides the colour, and the words. */
export interface StateView {
  tone: 'info' | 'success' | 'warning' | 'error';
  mark: string;
  text: string;
}

/**
 * The words for where a verification stands. Only `approved` says the caller is verified; every
 * other state, including any the app does not know yet, says they are not.
 */
export function stateView(state: VerificationState, deviceName: string, t: Translate): StateView {
  switch (state) {
    case 'pending':
      return { tone: 'info', mark: '…', text: t('verify.pending') };
    case 'approved':
      return { tone: 'success', mark: '✓', text: t('verify.approved', { name: deviceName }) };
    case 'denied':
      return { tone: 'error', mark: '✕', text: t('verify.denied') };
    case 'expired':
      return { tone: 'warning', mark: '!', text: t('verify.expired') };
    default:
      return { tone: 'error', mark: '✕', text: t('verify.failed') };
  }
}
