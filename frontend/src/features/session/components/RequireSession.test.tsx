import { screen, waitFor } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { http, problemJson, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { aProblem, aProfile, aSession, passwordOnly } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

describe('the session guard', () => {
  it('sends a logged-out agent to the login page with the way back', async () => {
    mockApi(...sessionHandlers(null));
    renderApp('/users/u1');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/login?returnTo=%2Fusers%2Fu1'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in' })).toBeInTheDocument();
  });

  it('returns to the login page when the session expires, and back after logging in', async () => {
    let loggedIn = true;
    mockApi(
      http.get('/api/v1/session', ({ response }) => response(200).json(aSession())),
      http.get('/api/v1/session/options', ({ response }) => response(200).json(passwordOnly)),
      http.get('/api/v1/users/{userId}', ({ params, response }) => {
        expect(params.userId).toBe('u1');
        return loggedIn
          ? response(401).json(aProblem(401, 'Session expired.'), problemJson())
          : response(200).json(aProfile());
      }),
      http.post('/api/v1/session', ({ response }) => {
        loggedIn = false; // from now on the profile answers
        return response(200).json(aSession());
      }),
    );
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
    const server = mockApi(
      ...sessionHandlers(aSession()),
      http.delete('/api/v1/session', ({ response }) => response(204).empty()),
    );
    const { user } = renderApp('/');
    await user.click(await screen.findByRole('button', { name: /Ann Agent/ }));
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/login'));
    expect(server.to('DELETE /api/v1/session')).toHaveLength(1);
  });

  it('offers a retry when the server cannot be reached', async () => {
    let up = false;
    mockApi(
      http.get('/api/v1/session', ({ response }) => (up ? response(200).json(aSession()) : HttpResponse.error())),
    );
    const { user } = renderApp('/');
    expect(await screen.findByText('Customer Service cannot be reached')).toBeInTheDocument();
    up = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a user' })).toBeInTheDocument();
  });
});
