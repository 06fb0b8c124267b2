import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { http, problemJson, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { aProblem, aProfile, aSession } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

function server(answer: { ended: number } | 502, permissions = {}) {
  return mockApi(
    ...sessionHandlers(aSession({}, permissions)),
    http.get('/api/v1/users/{userId}', ({ response }) => response(200).json(aProfile())),
    http.get('/api/v1/users/{userId}/events', ({ response }) => response(200).json({ events: [], unavailable: [] })),
    http.delete('/api/v1/users/{userId}/sessions', ({ params, response }) => {
      expect(params.userId).toBe('u1');
      if (answer === 502) {
        return response(502).json(aProblem(502, 'The Token Server kept sessions.', 'sessions-not-ended'), problemJson());
      }
      return response(200).json(answer);
    }),
  );
}

describe('signing a user out everywhere', () => {
  it('asks what it means, sends the reason, and says how many sessions ended', async () => {
    const api = server({ ended: 3 });
    const { user } = renderApp('/users/u1');
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    const dialog = screen.getByRole('dialog', { name: 'Sign this user out everywhere?' });
    expect(dialog).toHaveAccessibleDescription(/must log in again in every app/);
    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'Phone stolen');
    await user.click(within(dialog).getByRole('button', { name: 'Sign out everywhere' }));

    expect(await screen.findByText('The user was signed out everywhere: 3 sessions ended.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await expect(api.to('DELETE /api/v1/users/u1/sessions')[0]?.body).resolves.toEqual({ reason: 'Phone stolen' });
  });

  it('says so when the Token Server kept sessions', async () => {
    server(502);
    const { user } = renderApp('/users/u1');
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Sign out everywhere' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The Token Server kept some of the user’s sessions.');
  });

  it('is not offered to an agent who may not change devices', async () => {
    server({ ended: 0 }, { deleteDevice: false });
    renderApp('/users/u1');
    await screen.findByRole('heading', { level: 2, name: /Devices/ });
    expect(screen.queryByRole('button', { name: 'Sign out everywhere' })).not.toBeInTheDocument();
  });
});
