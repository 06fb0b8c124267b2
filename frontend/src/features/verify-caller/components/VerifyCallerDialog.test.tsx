import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { Session, Verification, VerificationState } from '../../../api/types';
import { http, problemJson, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { NOW, aDevice, aProblem, aProfile, aSession, aVerification } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

const VERIFICATION = 'GET /api/v1/users/u1/verifications/ver-1';
/** Polling is every second on real timers: an outcome shows within two. */
const POLLED = { timeout: 3000 };

/**
 * User u1 with a phone that can receive a push (dev-1), a tablet without mobile authentication
 * and an old phone without push. Starting a verification answers with `start` (pending, with the
 * message sent, unless a problem); each read of it answers with the next of `reads` (the last
 * one repeats).
 */
function server(
  options: {
    permissions?: Partial<Session['permissions']>;
    start?: { status: 404 | 409 | 503; kind: string };
    reads?: Verification[];
  } = {},
) {
  const reads = [...(options.reads ?? [aVerification()])];
  return mockApi(
    ...sessionHandlers(aSession({}, options.permissions)),
    http.get('/api/v1/users/{userId}', ({ response }) =>
      response(200).json(
        aProfile({
          devices: [
            aDevice(),
            aDevice({ id: 'dev-2', name: 'Work tablet', mobileAuthentication: 'not_activated', availableActions: [] }),
            aDevice({ id: 'dev-3', name: 'Old phone', mobileAuthentication: 'activated', availableActions: [] }),
          ],
        }),
      ),
    ),
    http.get('/api/v1/users/{userId}/events', ({ response }) => response(200).json({ events: [], unavailable: [] })),
    http.post('/api/v1/users/{userId}/verifications', async ({ params, request, response }) => {
      expect(params.userId).toBe('u1');
      const { start } = options;
      if (start) {
        return response(start.status).json(aProblem(start.status, 'Not enrolled for push.', start.kind), problemJson());
      }
      const body = await request.json();
      return response(201).json(aVerification({ message: body.message ?? '' }));
    }),
    http.get('/api/v1/users/{userId}/verifications/{verificationId}', ({ params, response }) => {
      expect(params).toEqual({ userId: 'u1', verificationId: 'ver-1' });
      const next = reads.length > 1 ? reads.shift()! : reads[0]!;
      return response(200).json(next);
    }),
  );
}

async function openDialog(user: ReturnType<typeof renderApp>['user'], name = "Verify caller Joe's phone") {
  await user.click(await screen.findByRole('button', { name }));
  return screen.getByRole('dialog');
}

describe('verifying a caller', () => {
  it('is offered on devices that can receive a push, to an agent who may only verify', async () => {
    server({ permissions: { deleteDevice: false, verifyDevice: true } });
    renderApp('/users/u1');
    expect(await screen.findByRole('button', { name: "Verify caller Joe's phone" })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Verify caller Work tablet' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Verify caller Old phone' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
  });

  it('is not offered to an agent without VERIFY_DEVICE', async () => {
    server({ permissions: { verifyDevice: false } });
    renderApp('/users/u1');
    expect(await screen.findByRole('button', { name: "Delete Joe's phone" })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Verify caller/ })).not.toBeInTheDocument();
  });

  it('names the device, sends the edited message, counts down and then shows the approval', async () => {
    const api = server({ reads: [aVerification({ message: 'Is it you, Joe?' }), aVerification({ state: 'approved', secondsLeft: 0, message: 'Is it you, Joe?' })] });
    const { user } = renderApp('/users/u1');
    const dialog = await openDialog(user);
    expect(dialog).toHaveAccessibleName('Verify the caller');
    expect(dialog).toHaveTextContent("Joe's phone");
    expect(dialog).toHaveTextContent('Example Bank app');
    expect(dialog).toHaveTextContent('iPhone XR');
    const message = within(dialog).getByLabelText('Message on the phone');
    expect(message).toHaveValue('Please confirm that you are talking to our helpdesk right now.');
    expect(message).toHaveFocus();
    expect(message).toHaveAccessibleDescription(/62 of 200 characters/);

    await user.clear(message);
    await user.type(message, 'Is it you, Joe?');
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));

    const status = await within(dialog).findByRole('status');
    expect(status).toHaveTextContent('Waiting for the user’s approval — 1:42 left');
    expect(within(dialog).getByRole('timer')).toHaveTextContent('1:42 left');
    expect(within(dialog).getByText('Is it you, Joe?')).toBeInTheDocument();
    const stop = within(dialog).getByRole('button', { name: 'Stop waiting' });
    expect(stop).toHaveFocus();
    expect(stop).toHaveAccessibleDescription(/stays on the phone until it expires/);
    await expect(api.to('POST /api/v1/users/u1/verifications')[0]?.body).resolves.toEqual({
      deviceId: 'dev-1',
      message: 'Is it you, Joe?',
    });

    // The countdown runs on the local clock, between the server's answers too.
    vi.setSystemTime(NOW + 5_000);
    expect(await within(dialog).findByText('1:37 left')).toBeInTheDocument();

    // The same live region tells the outcome.
    await waitFor(
      () => expect(status).toHaveTextContent('Approved on “Joe\'s phone”: the caller has the user’s phone.'),
      { timeout: 3500 },
    );
    expect(within(dialog).queryByRole('timer')).not.toBeInTheDocument();
    // The same button, now Close, keeps the focus.
    expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus();
    expect(within(dialog).queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    // The push and its answer are events: the profile is read again.
    await waitFor(() => expect(api.to('GET /api/v1/users/u1').length).toBeGreaterThanOrEqual(3));

    const reads = api.to(VERIFICATION).length;
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: "Verify caller Joe's phone" })).toHaveFocus();
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(api.to(VERIFICATION)).toHaveLength(reads);
  }, 10_000);

  it.each<[VerificationState, string]>([
    ['denied', 'Denied on the device: do not treat the caller as verified.'],
    ['expired', 'No answer in time: not verified.'],
    ['failed', 'The verification could not be completed: not verified.'],
  ])('says %s means not verified, never approved, and offers to try again', async (state, text) => {
    server({ reads: [aVerification({ state, secondsLeft: 0 })] });
    const { user } = renderApp('/users/u1');
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));

    expect(await within(dialog).findByText(text, {}, POLLED)).toBeInTheDocument();
    expect(screen.queryByText(/Approved/)).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: 'Stop waiting' })).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    expect(within(dialog).getByLabelText('Message on the phone')).toHaveValue(
      'Please confirm that you are talking to our helpdesk right now.',
    );
    expect(within(dialog).getByRole('button', { name: 'Send request' })).toBeInTheDocument();
  });

  it('says calmly when the Token Server did not answer the last check', async () => {
    server({ reads: [aVerification({ checkFailing: true })] });
    const { user } = renderApp('/users/u1');
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));
    expect(
      await within(dialog).findByText('The Token Server did not answer the last check; still trying.', {}, POLLED),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Waiting for the user’s approval/)).toBeInTheDocument();
  });

  it('stops asking when the agent stops waiting', async () => {
    const api = server();
    const { user } = renderApp('/users/u1');
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Stop waiting' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: "Verify caller Joe's phone" })).toHaveFocus();
    const reads = api.to(VERIFICATION).length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(api.to(VERIFICATION)).toHaveLength(reads);
  });

  it('says in the agent’s words when the device cannot receive a push, and keeps the dialog', async () => {
    const api = server({ start: { status: 409, kind: 'device-not-verifiable' } });
    const { user } = renderApp('/users/u1');
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('This device cannot verify the caller: it is not set up for push notifications.');
    expect(alert).toHaveTextContent('Request id: req-123');
    expect(within(dialog).getByRole('button', { name: 'Send request' })).toBeInTheDocument();
    expect(api.to(VERIFICATION)).toHaveLength(0);
  });

  it('falls back to the server’s words for a problem it has no words for', async () => {
    server({ start: { status: 503, kind: 'something-new' } });
    const { user } = renderApp('/users/u1');
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The caller could not be verified: Not enrolled for push.',
    );
  });

  it('checks the message: not empty, one line, and Enter sends it', async () => {
    const api = server();
    const { user } = renderApp('/users/u1');
    const dialog = await openDialog(user);
    const message = within(dialog).getByLabelText('Message on the phone');

    await user.clear(message);
    await user.keyboard('{Enter}');
    expect(within(dialog).getByText('Write the message the user sees.')).toBeInTheDocument();
    expect(message).toHaveAttribute('aria-invalid', 'true');
    expect(api.to('POST /api/v1/users/u1/verifications')).toHaveLength(0);

    await user.paste('Is it\nyou?');
    expect(message).toHaveValue('Is it you?');
    expect(within(dialog).queryByText('Write the message the user sees.')).not.toBeInTheDocument();

    await user.type(message, 'x'.repeat(200));
    await user.keyboard('{Enter}');
    expect(within(dialog).getByText('The message is too long: at most 200 characters.')).toBeInTheDocument();
    expect(api.to('POST /api/v1/users/u1/verifications')).toHaveLength(0);

    await user.clear(message);
    await user.type(message, 'Is it you?{Enter}');
    await within(dialog).findByRole('button', { name: 'Stop waiting' });
    await expect(api.to('POST /api/v1/users/u1/verifications')[0]?.body).resolves.toEqual({
      deviceId: 'dev-1',
      message: 'Is it you?',
    });
  });

  it('closes with Escape before anything is sent', async () => {
    const api = server();
    const { user } = renderApp('/users/u1');
    await openDialog(user);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: "Verify caller Joe's phone" })).toHaveFocus();
    expect(api.to('POST /api/v1/users/u1/verifications')).toHaveLength(0);
  });

  it('speaks Dutch, the default message included', async () => {
    const api = server();
    const { user } = renderApp('/users/u1', { language: 'nl' });
    const dialog = await openDialog(user, "Beller verifiëren Joe's phone");
    expect(dialog).toHaveAccessibleName('De beller verifiëren');
    expect(within(dialog).getByLabelText('Bericht op de telefoon')).toHaveValue(
      'Bevestig dat u op dit moment met onze helpdesk spreekt.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Verzoek versturen' }));

    expect(await within(dialog).findByRole('status')).toHaveTextContent(
      'Wachten op goedkeuring door de gebruiker — nog 1:42',
    );
    expect(within(dialog).getByRole('button', { name: 'Stoppen met wachten' })).toBeInTheDocument();
    await expect(api.to('POST /api/v1/users/u1/verifications')[0]?.body).resolves.toEqual({
      deviceId: 'dev-1',
      message: 'Bevestig dat u op dit moment met onze helpdesk spreekt.',
    });
    await user.click(within(dialog).getByRole('button', { name: 'Stoppen met wachten' }));
  });
});
