import { screen, waitFor, within } from '@testing-library/react';
import type { HttpResponse } from 'msw';
import type { ResponseResolverInfo } from 'openapi-msw';
import { describe, expect, it } from 'vitest';

import type { paths } from '../../../api/schema';
import type { Problem, UserProfile } from '../../../api/types';
import { http, problemJson, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { deferred } from '../../../test/deferred';
import { aDevice, aProblem, aProfile, aSession, anEvent } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

const HOSTILE = '<img src=x onerror=alert(1)>';

/** The typed `response` helper of the delete-device handler. */
type DeleteResponse = ResponseResolverInfo<paths, '/api/v1/users/{userId}/devices/{deviceId}', 'delete'>['response'];
/** How the server answers the delete: 204 or a problem, at once or later. */
type DeleteReply = (
  response: DeleteResponse,
) => HttpResponse<Problem | null> | Promise<HttpResponse<Problem | null>>;

const noContent: DeleteReply = (response) => response(204).empty();

/** User u1's profile; the delete of dev-1 answers with `deleteReply`. */
function profileServer(deleteReply: DeleteReply) {
  let deleted = false;
  const server = mockApi(
    ...sessionHandlers(aSession()),
    http.get('/api/v1/users/{userId}', ({ params, response }) => {
      expect(params.userId).toBe('u1');
      return response(200).json(
        deleted
          ? aProfile({ devices: aProfile().devices.slice(1), events: [anEvent({ id: 'removed', name: 'Api device removed' })] })
          : aProfile(),
      );
    }),
    http.get('/api/v1/users/{userId}/events', ({ params, response }) => {
      expect(params.userId).toBe('u1');
      return response(200).json({ events: [anEvent({ id: 'removed', name: 'Api device removed' })], unavailable: [] });
    }),
    http.delete('/api/v1/users/{userId}/devices/{deviceId}', async ({ params, response }) => {
      expect(params).toEqual({ userId: 'u1', deviceId: 'dev-1' });
      const reply = await deleteReply(response);
      deleted = reply.status === 204;
      return reply;
    }),
  );
  return server;
}

/** Answers the profile of user u1 with this one. */
function profileOfU1(profile: UserProfile) {
  return http.get('/api/v1/users/{userId}', ({ params, response }) => {
    expect(params.userId).toBe('u1');
    return response(200).json(profile);
  });
}

async function openDialog(user: ReturnType<typeof renderApp>['user'], name = "Joe's phone") {
  const button = await screen.findByRole('button', { name: `Delete ${name}` });
  await user.click(button);
  return { button, dialog: screen.getByRole('dialog', { name: 'Delete this device?' }) };
}

describe('deleting a device', () => {
  it('asks in a dialog that names the device, says what it means, and starts on Cancel', async () => {
    profileServer(noContent);
    const { user } = renderApp('/users/u1');
    const { dialog } = await openDialog(user);

    expect(dialog).toHaveAttribute('open');
    expect(within(dialog).getByText("Joe's phone")).toBeInTheDocument();
    expect(within(dialog).getByText('iPhone XR')).toBeInTheDocument();
    expect(within(dialog).getByText('Example Bank app')).toBeInTheDocument();
    expect(within(dialog).getByText('3 days ago')).toBeInTheDocument();
    expect(dialog).toHaveAccessibleDescription(/must register the app again/);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
  });

  it('closes on Escape and gives focus back to the Delete button', async () => {
    const server = profileServer(noContent);
    const { user } = renderApp('/users/u1');
    const { button } = await openDialog(user);
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(button).toHaveFocus();
    expect(server.to('DELETE /api/v1/users/u1/devices/dev-1')).toHaveLength(0);
  });

  it('sends the reason with the XSRF token, removes the row, confirms, and shows the removal event', async () => {
    document.cookie = 'XSRF-TOKEN=xsrf-1; path=/';
    const reply = deferred();
    const server = profileServer(async (response) => {
      await reply.promise;
      return response(204).empty();
    });
    const { user } = renderApp('/users/u1');
    const { dialog } = await openDialog(user);

    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'Phone stolen');
    expect(within(dialog).getByText('For the audit trail. 12 of 500 characters.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));

    expect(await within(dialog).findByRole('button', { name: 'Deleting…' })).toHaveAttribute('aria-disabled', 'true');
    reply.release();

    expect(await screen.findByText('The device “Joe\'s phone” was deleted.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: "Delete Joe's phone" })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: /Devices/ })).toHaveFocus();
    expect(await screen.findByText('Api device removed')).toBeInTheDocument();

    const call = server.to('DELETE /api/v1/users/u1/devices/dev-1')[0]!;
    await expect(call.body).resolves.toEqual({ reason: 'Phone stolen' });
    expect(call.headers.get('X-XSRF-TOKEN')).toBe('xsrf-1');
  });

  it('sends no body without a reason', async () => {
    const server = profileServer(noContent);
    const { user } = renderApp('/users/u1');
    const { dialog } = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));
    await screen.findByText('The device “Joe\'s phone” was deleted.');
    await expect(server.to('DELETE /api/v1/users/u1/devices/dev-1')[0]?.body).resolves.toBeUndefined();
  });

  it('keeps the row and says exactly that when the Token Server kept the device', async () => {
    profileServer((response) =>
      response(502).json(
        aProblem(502, 'The Token Server accepted the delete request, but the device is still registered.', 'device-not-removed'),
        problemJson(),
      ),
    );
    const { user } = renderApp('/users/u1');
    const { button, dialog } = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The Token Server kept the device “Joe\'s phone”: it is still registered.');
    expect(alert).toHaveTextContent('Request id: req-123');
    expect(screen.getByRole('button', { name: "Delete Joe's phone" })).toBe(button);
    expect(button).toHaveFocus();
  });

  it('keeps the row and says why on any other failure', async () => {
    profileServer((response) =>
      response(504).json(aProblem(504, 'The Token Server did not answer in time.', 'upstream-timeout'), problemJson()),
    );
    const { user } = renderApp('/users/u1');
    const { dialog } = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The device “Joe\'s phone” was not deleted: The Token Server did not answer in time.',
    );
    expect(screen.getByRole('button', { name: "Delete Joe's phone" })).toBeInTheDocument();
  });

  it('names a hostile device literally in the dialog and the notice', async () => {
    mockApi(
      ...sessionHandlers(aSession()),
      profileOfU1(aProfile({ devices: [aDevice({ id: 'dev-1', name: HOSTILE })] })),
      http.delete('/api/v1/users/{userId}/devices/{deviceId}', ({ params, response }) => {
        expect(params).toEqual({ userId: 'u1', deviceId: 'dev-1' });
        return response(502).json(aProblem(502, 'kept', 'device-not-removed'), problemJson());
      }),
    );
    const { user, container } = renderApp('/users/u1');
    const { dialog } = await openDialog(user, HOSTILE);
    expect(within(dialog).getByText(HOSTILE)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(HOSTILE);
    expect(container.querySelector('img')).toBeNull();
  });

  it('says so when the user has no devices', async () => {
    mockApi(...sessionHandlers(aSession()), profileOfU1(aProfile({ devices: [] })));
    renderApp('/users/u1');
    expect(await screen.findByText('No devices registered.')).toBeInTheDocument();
  });

  it('shows a banner instead of an empty list when the Token Server devices are unavailable', async () => {
    mockApi(
      ...sessionHandlers(aSession()),
      profileOfU1(
        aProfile({
          devices: [],
          unavailable: [{ source: 'token_server_devices', reason: 'The Token Server could not be reached.' }],
        }),
      ),
    );
    renderApp('/users/u1');
    expect(await screen.findByText('Token Server devices are unavailable right now')).toBeInTheDocument();
    expect(screen.getByText('The Token Server could not be reached.')).toBeInTheDocument();
    expect(screen.queryByText('No devices registered.')).not.toBeInTheDocument();
  });

  it('shows no Delete buttons to an agent without DELETE_DEVICE', async () => {
    mockApi(...sessionHandlers(aSession({}, { deleteDevice: false })), profileOfU1(aProfile()));
    renderApp('/users/u1');
    await screen.findByRole('heading', { level: 1, name: 'Joe Doe' });
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
  });
});
