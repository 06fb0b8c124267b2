import { describe, expect, it } from 'vitest';

import { en } from '../../../i18n/messages/en';
import { translator } from '../../../i18n/translate';
import { NOW, aVerification } from '../../../test/fixtures';
import { clockOffset, secondsLeft } from './countdown';
import { messageLength, messageProblem, withoutLineBreaks } from './message';
import { stateView } from './outcome';

describe('the message', () => {
  it('is checked as the server checks it: trimmed, not empty, at most 200 characters, no control characters', () => {
    expect(messageProblem('  Is it you?  ')).toBeNull();
    expect(messageProblem('   ')).toBe('empty');
    expect(messageProblem('x'.repeat(200))).toBeNull();
    expect(messageProblem('x'.repeat(201))).toBe('tooLong');
    expect(messageProblem('bell\u0007')).toBe('control');
  });

  it('counts characters, not UTF-16 units', () => {
    expect(messageLength('👍')).toBe(1);
    expect(messageProblem('👍'.repeat(200))).toBeNull();
  });

  it('turns line breaks and tabs into spaces', () => {
    expect(withoutLineBreaks('one\r\ntwo\tthree\nfour')).toBe('one two three four');
  });
});

describe('the countdown', () => {
  it('counts whole seconds down to the expiry by the local clock, never below zero', () => {
    const expiresAt = new Date(NOW + 102_000).toISOString();
    expect(secondsLeft(expiresAt, NOW, 0)).toBe(102);
    expect(secondsLeft(expiresAt, NOW + 1_500, 0)).toBe(101);
    expect(secondsLeft(expiresAt, NOW + 200_000, 0)).toBe(0);
  });

  it('corrects a local clock that is off, from the seconds the server said were left', () => {
    // The server's clock is a minute ahead of ours: its expiry is a minute later than it seems.
    const ahead = aVerification({ expiresAt: new Date(NOW + 60_000 + 102_000).toISOString(), secondsLeft: 102 });
    const offset = clockOffset(ahead, NOW);
    expect(offset).toBe(60_000);
    expect(secondsLeft(ahead.expiresAt, NOW, offset)).toBe(102);
    // Rounding and the time on the wire are no offset.
    expect(clockOffset(aVerification({ secondsLeft: 101 }), NOW + 300)).toBe(0);
  });
});

describe('the words for a state', () => {
  const t = translator(en);

  it('says the caller is verified only for approved', () => {
    const approved = stateView('approved', "Joe's phone", t);
    expect(approved.tone).toBe('success');
    expect(approved.text).toBe('Approved on “Joe\'s phone”: the caller has the user’s phone.');
    for (const state of ['pending', 'denied', 'expired', 'failed'] as const) {
      expect(stateView(state, "Joe's phone", t).text).not.toMatch(/Approved/);
    }
    // A state this version does not know yet is not an approval either.
    const unknown = stateView('confirmed' as never, "Joe's phone", t);
    expect(unknown.tone).toBe('error');
    expect(unknown.text).toMatch(/not verified/);
  });
});
