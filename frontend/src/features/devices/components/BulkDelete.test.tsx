import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { DeleteDevicesResult } from '../../../api/types';
import { http, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { aDevice, aProfile, aSession } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

const devices = [
  aDevice({ id: 'dev-1', name: "Joe's phone" }),
  aDevice({ id: 'dev-2', name: 'Tablet' }),
  aDevice({ id: 'dev-3', name: 'Old phone' }),
];

/** User u1 with three devices; the deletion of several answers `result`. */
function server(result: DeleteDevicesResult) {
  let gone: string[] = [];
  return mockApi(
    ...sessionHandlers(aSession()),
    http.get('/api/v1/users/{userId}', ({ response }) =>
      response(200).json(aProfile({ devices: devices.filter((d) => !gone.includes(d.id)) })),
    ),
    http.get('/api/v1/users/{userId}/events', ({ response }) => response(200).json({ events: [], unavailable: [] })),
    http.post('/api/v1/users/{userId}/device-deletions', ({ params, response }) => {
      expect(params.userId).toBe('u1');
      gone = result.results.filter((r) => r.outcome !== 'not_removed').map((r) => r.deviceId);
      return response(200).json(result);
    }),
  );
}

describe('deleting several devices', () => {
  it('deletes the selection after naming it, and reports per device', async () => {
    const api = server({
      results: [
        { deviceId: 'dev-1', name: "Joe's phone", outcome: 'removed' },
        { deviceId: 'dev-2', name: 'Tablet', outcome: 'not_removed' },
      ],
      allRemoved: false,
    });
    const { user } = renderApp('/users/u1');
    const deleteSelected = await screen.findByRole('button', { name: 'Delete selected (0)' });
    expect(deleteSelected).toHaveAttribute('aria-disabled', 'true');
    await user.click(deleteSelected);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('checkbox', { name: "Select Joe's phone" }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Tablet' }));
    await user.click(screen.getByRole('button', { name: 'Delete selected (2)' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete 2 devices?' });
    expect(within(dialog).getByText("Joe's phone")).toBeInTheDocument();
    expect(within(dialog).getByText('Tablet')).toBeInTheDocument();
    expect(within(dialog).queryByText('Old phone')).not.toBeInTheDocument();
    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'Lost bag');
    await user.click(within(dialog).getByRole('button', { name: 'Delete 2 devices' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('1 of 2 devices were deleted.');
    expect(alert).toHaveTextContent('“Joe\'s phone”: deleted.');
    expect(alert).toHaveTextContent('“Tablet”: the Token Server kept it; it is still registered.');
    await waitFor(() => expect(screen.queryByRole('checkbox', { name: "Select Joe's phone" })).not.toBeInTheDocument());
    expect(screen.getByRole('checkbox', { name: 'Select Tablet' })).toBeChecked();
    await expect(api.to('POST /api/v1/users/u1/device-deletions')[0]?.body).resolves.toEqual({
      deviceIds: ['dev-1', 'dev-2'],
      reason: 'Lost bag',
    });
  });

  it('deletes all devices with the count in the question', async () => {
    const api = server({
      results: devices.map((d) => ({ deviceId: d.id, name: d.name, outcome: 'removed' as const })),
      allRemoved: true,
    });
    const { user } = renderApp('/users/u1');
    await user.click(await screen.findByRole('button', { name: 'Delete all devices' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete all 3 devices of this user?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete 3 devices' }));

    expect(await screen.findByText('3 of 3 devices were deleted.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('No devices registered.')).toBeInTheDocument());
    await expect(api.to('POST /api/v1/users/u1/device-deletions')[0]?.body).resolves.toEqual({ all: true });
  });
});
