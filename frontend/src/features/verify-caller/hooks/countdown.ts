import type { Verification } from '../../../api/types';

/**
 * How far the server's clock runs ahead of ours (ms), read from a fresh answer: its `expiresAt`
 * less its `secondsLeft` is its "now". Below two seconds it is the rounding of `secondsLeft` and
 * the time on the wire, so taken as none.
 */
export function clockOffset(verification: Verification, receivedAt: number): number {
  const expires = Date.parse(verification.expiresAt);
  if (Number.isNaN(expires) || verification.state !== 'pending') return 0;
  const offset = expires - verification.secondsLeft * 1000 - receivedAt;
  return Math.abs(offset) < 2000 ? 0 : offset;
}

/** Whole seconds left until `expiresAt`, by our clock corrected by `offsetMs`; never below zero. */
export function secondsLeft(expiresAt: string, now: number, offsetMs: number): number {
  const expires = Date.parse(expiresAt);
  if (Number.isNaN(expires)) return 0;
  return Math.max(0, Math.ceil((expires - (now + offsetMs)) / 1000));
}
