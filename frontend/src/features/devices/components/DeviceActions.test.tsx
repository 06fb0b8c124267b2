import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Device } from '../../../api/types';
import { http, problemJson, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { aDevice, aProblem, aProfile, aSession } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

/** User u1 with one device; disabling push on it answers with `after` (or the problem). */
function server(after: Device | { status: 502 | 409; kind: string }, permissions = {}) {
  let changed: Device | null = null;
  return mockApi(
    ...sessionHandlers(aSession({}, permissions)),
    http.get('/api/v1/users/{userId}', ({ response }) =>
      response(200).json(aProfile({ devices: [changed ?? aDevice()] })),
    ),
    http.get('/api/v1/users/{userId}/events', ({ response }) => response(200).json({ events: [], unavailable: [] })),
    http.post('/api/v1/users/{userId}/devices/{deviceId}/actions/{action}', ({ params, response }) => {
      expect(params).toEqual({ userId: 'u1', deviceId: 'dev-1', action: 'disable_push' });
      if ('status' in after) {
        return response(after.status).json(aProblem(after.status, 'The Token Server left it.', after.kind), problemJson());
      }
      changed = after;
      return response(200).json(after);
    }),
  );
}

const withoutPush = aDevice({ mobileAuthentication: 'activated', availableActions: ['disable_mobile_authentication'] });

describe('changing a device', () => {
  it('offers only the changes that would change something', async () => {
    server(withoutPush);
    renderApp('/users/u1');
    expect(await screen.findByRole('button', { name: "Disable push Joe's phone" })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: "Disable mobile authentication Joe's phone" })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: "Disable fingerprint Joe's phone" })).not.toBeInTheDocument();
  });

  it('asks, sends the reason, and shows the device as the Token Server lists it now', async () => {
    const api = server(withoutPush);
    const { user } = renderApp('/users/u1');
    await user.click(await screen.findByRole('button', { name: "Disable push Joe's phone" }));
    const dialog = screen.getByRole('dialog', { name: 'Disable push notifications on this device?' });
    expect(dialog).toHaveAccessibleDescription(/stops receiving push notifications/);
    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'Caller asked');
    await user.click(within(dialog).getByRole('button', { name: 'Disable push' }));

    expect(await screen.findByText('Push notifications were disabled on “Joe\'s phone”.')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: "Disable push Joe's phone" })).not.toBeInTheDocument(),
    );
    const row = screen.getByRole('row', { name: /Joe's phone/ });
    expect(within(row).getByText('Activated')).toBeInTheDocument();
    await expect(api.to('POST /api/v1/users/u1/devices/dev-1/actions/disable_push')[0]?.body).resolves.toEqual({
      reason: 'Caller asked',
    });
  });

  it('says so when the Token Server left the device unchanged, and keeps the row as it was', async () => {
    server({ status: 502, kind: 'device-not-changed' });
    const { user } = renderApp('/users/u1');
    await user.click(await screen.findByRole('button', { name: "Disable push Joe's phone" }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Disable push' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The Token Server left the device “Joe\'s phone” unchanged.');
    expect(screen.getByRole('button', { name: "Disable push Joe's phone" })).toBeInTheDocument();
  });

  it('offers no change to an agent who may not delete devices', async () => {
    server(withoutPush, { deleteDevice: false });
    renderApp('/users/u1');
    await screen.findByRole('row', { name: /Joe's phone/ });
    expect(screen.queryByRole('button', { name: /Disable/ })).not.toBeInTheDocument();
  });
});
