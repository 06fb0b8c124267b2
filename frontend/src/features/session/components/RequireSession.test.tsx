import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { aProfile, aSession } from '../../../test/fixtures';
import { json, mockApi, problem, sessionRoutes } from '../../../test/fetch-mock';
import { renderApp } from '../../../test/render';

describe('the session guard', () => {
  it('sends a logged-out agent to the login page with the way back', async () => {
    mockApi({ ...sessionRoutes(null) });
    renderApp('/users/u1');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/login?returnTo=%2Fusers%2Fu1'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
  });

  it('returns to the login page when the session expires, and back after logging in', async () => {
    let loggedIn = true;
    mockApi({
      'GET /api/v1/session': () => json(aSession()),
      'GET /api/v1/session/options': () => json({ password: true, oidc: false }),
      'GET /api/v1/users/u1': () => (loggedIn ? problem(401, 'Session expired.') : json(aProfile())),
      'POST /api/v1/session': () => {
        loggedIn = false; // from now on the profile answers
        return json(aSession());
      },
    });
    const { user } = renderApp('/users/u1');

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('/login?returnTo=%2Fusers%2Fu1&reason=expired'),
    );
    expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument();

    await user.type(await screen.findByLabelText('Username'), 'agent');
    await user.type(screen.getByLabelText('Password'), 'demo');
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('heading', { level: 1, name: 'Joe Doe' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/users/u1');
  });

  it('signs out from the agent menu and forgets the session', async () => {
    const server = mockApi({
      ...sessionRoutes(aSession()),
      'DELETE /api/v1/session': () => new Response(null, { status: 204 }),
    });
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: /Ann Agent/ }));
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/login'));
    expect(server.to('DELETE /api/v1/session')).toHaveLength(1);
  });

  it('offers a retry when the server cannot be reached', async () => {
    let up = false;
    mockApi({
      'GET /api/v1/session': () => {
        if (!up) throw new TypeError('Failed to fetch');
        return json(aSession());
      },
    });
    const { user } = renderApp('/');
    expect(await screen.findByText('Customer Service cannot be reached')).toBeInTheDocument();
    up = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a user' })).toBeInTheDocument();
  });
});
