import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { http, problemJson, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { aProblem, aSession, passwordOnly } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

describe('logging in', () => {
  it('sends the credentials and lands where the agent was going', async () => {
    const server = mockApi(
      ...sessionHandlers(null),
      http.post('/api/v1/session', ({ response }) => response(200).json(aSession())),
      http.get('/api/v1/users', ({ response }) => response(200).json({ users: [], unavailable: [] })),
    );
    const { user } = renderApp('/login?returnTo=%2Fsearch%3Femail%3Djoe%40example.com');

    const username = await screen.findByLabelText('Username');
    expect(username).toHaveFocus();
    await user.type(username, 'agent');
    await user.type(screen.getByLabelText('Password'), 'demo');
    await user.keyboard('{Enter}');

    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/search?email=joe@example.com'));
    await expect(server.to('POST /api/v1/session')[0]?.body).resolves.toEqual({ username: 'agent', password: 'demo' });
  });

  it('says the credentials are not right, the same way for any 401, and clears the password', async () => {
    mockApi(
      ...sessionHandlers(null),
      http.post('/api/v1/session', ({ response }) => response(401).json(aProblem(401, 'Bad credentials.'), problemJson())),
    );
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('Username'), 'agent');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The username or password is not right.');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(screen.getByLabelText('Password')).toHaveFocus();
  });

  it('says how long to wait when rate-limited', async () => {
    mockApi(
      ...sessionHandlers(null),
      http.post('/api/v1/session', ({ response }) =>
        response(429).json(aProblem(429, 'Too many.', 'rate-limited'), problemJson({ 'Retry-After': '42' })),
      ),
    );
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('Username'), 'agent');
    await user.type(screen.getByLabelText('Password'), 'x');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Try again in 42 seconds.');
  });

  it('asks for both fields before calling the server', async () => {
    const server = mockApi(...sessionHandlers(null));
    const { user } = renderApp('/login');
    await user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your username.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveAttribute('aria-invalid', 'true');
    expect(server.to('POST /api/v1/session')).toHaveLength(0);
  });

  it('offers single sign-on when it is configured, returning to the same place', async () => {
    mockApi(...sessionHandlers(null, { password: true, oidc: true, oidcLabel: 'Example SSO' }));
    renderApp('/login?returnTo=%2Fusers%2Fu1');
    const sso = await screen.findByRole('link', { name: 'Sign in with Example SSO' });
    expect(sso).toHaveAttribute('href', '/api/v1/session/oidc/login?returnTo=%2Fusers%2Fu1');
  });

  it('says so when the agent comes back from a single sign-on that failed', async () => {
    mockApi(...sessionHandlers(null, { password: true, oidc: true, oidcLabel: 'Example SSO' }));
    renderApp('/login?sso_error=state_mismatch');
    expect(await screen.findByRole('alert')).toHaveTextContent('Single sign-on did not complete');
    expect(await screen.findByRole('link', { name: 'Sign in with Example SSO' })).toBeInTheDocument();
  });

  it('shows only the password form when single sign-on is not configured', async () => {
    mockApi(...sessionHandlers(null, passwordOnly));
    renderApp('/login');
    await screen.findByLabelText('Username');
    expect(screen.queryByRole('link', { name: /SSO/ })).not.toBeInTheDocument();
  });
});
