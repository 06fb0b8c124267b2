import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { aDevice, aProfile, aSession, anEvent } from '../../../test/fixtures';
import { deferred, json, mockApi, noContent, problem, sessionRoutes } from '../../../test/fetch-mock';
import { renderApp } from '../../../test/render';

const HOSTILE = '<img src=x onerror=alert(1)>';

function profileServer(deleteReply: () => Response | Promise<Response>) {
  let deleted = false;
  const server = mockApi({
    ...sessionRoutes(aSession()),
    'GET /api/v1/users/u1': () =>
      json(
        deleted
          ? aProfile({ devices: aProfile().devices.slice(1), events: [anEvent({ id: 'removed', name: 'Api device removed' })] })
          : aProfile(),
      ),
    'GET /api/v1/users/u1/events': () =>
      json({ events: [anEvent({ id: 'removed', name: 'Api device removed' })], unavailable: [] }),
    'DELETE /api/v1/users/u1/devices/dev-1': async () => {
      const reply = await deleteReply();
      deleted = reply.status === 204;
      return reply;
    },
  });
  return server;
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
    const server = profileServer(() => reply.promise);
    const { user } = renderApp('/users/u1');
    const { dialog } = await openDialog(user);

    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'Phone stolen');
    expect(within(dialog).getByText('For the audit trail. 12 of 500 characters.')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));

    expect(await within(dialog).findByRole('button', { name: 'Deleting…' })).toHaveAttribute('aria-disabled', 'true');
    reply.release(noContent());

    expect(await screen.findByText('The device “Joe\'s phone” was deleted.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: "Delete Joe's phone" })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: /Devices/ })).toHaveFocus();
    expect(await screen.findByText('Api device removed')).toBeInTheDocument();

    const call = server.to('DELETE /api/v1/users/u1/devices/dev-1')[0]!;
    expect(call.body).toEqual({ reason: 'Phone stolen' });
    expect(call.headers.get('X-XSRF-TOKEN')).toBe('xsrf-1');
  });

  it('sends no body without a reason', async () => {
    const server = profileServer(noContent);
    const { user } = renderApp('/users/u1');
    const { dialog } = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));
    await screen.findByText('The device “Joe\'s phone” was deleted.');
    expect(server.to('DELETE /api/v1/users/u1/devices/dev-1')[0]?.body).toBeUndefined();
  });

  it('keeps the row and says exactly that when the Token Server kept the device', async () => {
    profileServer(() =>
      problem(502, 'The Token Server accepted the delete request, but the device is still registered.', 'device-not-removed'),
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
    profileServer(() => problem(504, 'The Token Server did not answer in time.', 'upstream-timeout'));
    const { user } = renderApp('/users/u1');
    const { dialog } = await openDialog(user);
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The device “Joe\'s phone” was not deleted: The Token Server did not answer in time.',
    );
    expect(screen.getByRole('button', { name: "Delete Joe's phone" })).toBeInTheDocument();
  });

  it('names a hostile device literally in the dialog and the notice', async () => {
    mockApi({
      ...sessionRoutes(aSession()),
      'GET /api/v1/users/u1': () => json(aProfile({ devices: [aDevice({ id: 'dev-1', name: HOSTILE })] })),
      'DELETE /api/v1/users/u1/devices/dev-1': () => problem(502, 'kept', 'device-not-removed'),
    });
    const { user, container } = renderApp('/users/u1');
    const { dialog } = await openDialog(user, HOSTILE);
    expect(within(dialog).getByText(HOSTILE)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Delete device' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(HOSTILE);
    expect(container.querySelector('img')).toBeNull();
  });

  it('says so when the user has no devices', async () => {
    mockApi({ ...sessionRoutes(aSession()), 'GET /api/v1/users/u1': () => json(aProfile({ devices: [] })) });
    renderApp('/users/u1');
    expect(await screen.findByText('No devices registered.')).toBeInTheDocument();
  });

  it('shows a banner instead of an empty list when the Token Server devices are unavailable', async () => {
    mockApi({
      ...sessionRoutes(aSession()),
      'GET /api/v1/users/u1': () =>
        json(
          aProfile({
            devices: [],
            unavailable: [{ source: 'token_server_devices', reason: 'The Token Server could not be reached.' }],
          }),
        ),
    });
    renderApp('/users/u1');
    expect(await screen.findByText('Token Server devices are unavailable right now')).toBeInTheDocument();
    expect(screen.getByText('The Token Server could not be reached.')).toBeInTheDocument();
    expect(screen.queryByText('No devices registered.')).not.toBeInTheDocument();
  });

  it('shows no Delete buttons to an agent without DELETE_DEVICE', async () => {
    mockApi({ ...sessionRoutes(aSession({}, { deleteDevice: false })), 'GET /api/v1/users/u1': () => json(aProfile()) });
    renderApp('/users/u1');
    await screen.findByRole('heading', { level: 1, name: 'Joe Doe' });
    expect(screen.queryByRole('button', { name: /^Delete/ })).not.toBeInTheDocument();
  });
});
