import type { AuditAction, AuditOutcome } from '../../../api/types';
import type { MessageKey } from '../../../i18n/messages/en';

/** Every action the trail records, with its name; a new action in the schema fails to compile here. */
export const ACTION_LABELS: Record<AuditAction, MessageKey> = {
  device_delete: 'audit.action.device_delete',
  device_disable_push: 'audit.action.device_disable_push',
  device_disable_mobile_authentication: 'audit.action.device_disable_mobile_authentication',
  device_disable_fingerprint: 'audit.action.device_disable_fingerprint',
  user_sign_out: 'audit.action.user_sign_out',
  device_verify: 'audit.action.device_verify',
  login: 'audit.action.login',
  login_failed: 'audit.action.login_failed',
  logout: 'audit.action.logout',
};

export const ACTIONS = Object.keys(ACTION_LABELS) as AuditAction[];

export const OUTCOME_LABELS: Record<AuditOutcome, MessageKey> = {
  succeeded: 'audit.outcome.succeeded',
  failed: 'audit.outcome.failed',
  pending: 'audit.outcome.pending',
};

/** In the order a supervisor looks for them. */
export const OUTCOMES: AuditOutcome[] = ['succeeded', 'failed', 'pending'];
