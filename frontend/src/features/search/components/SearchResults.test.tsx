import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { aProfile, aSession } from '../../../test/fixtures';
import { json, mockApi, problem, sessionRoutes } from '../../../test/fetch-mock';
import { renderApp } from '../../../test/render';

const joe = { personId: 'u1', displayName: 'Joe Doe', primaryEmail: 'joe.doe@example.com', deviceCount: 2 };

describe('search results', () => {
  it('opens the profile when exactly one user matches', async () => {
    const server = mockApi({
      ...sessionRoutes(aSession()),
      'GET /api/v1/users': () => json({ users: [joe], unavailable: [] }),
      'GET /api/v1/users/u1': () => json(aProfile()),
    });
    renderApp('/search?email=joe.doe%40example.com');
    expect(await screen.findByRole('heading', { level: 1, name: 'Joe Doe' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/users/u1');
    expect(server.to('GET /api/v1/users')[0]?.url.searchParams.get('email')).toBe('joe.doe@example.com');
  });

  it('lists several matches with name, primary e-mail and device count', async () => {
    mockApi({
      ...sessionRoutes(aSession()),
      'GET /api/v1/users': () =>
        json({
          users: [joe, { personId: 'u2', displayName: 'Jane Doe', primaryEmail: 'jane@example.com' }],
          unavailable: [],
        }),
    });
    renderApp('/search?email=familie%40example.nl');
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByRole('link', { name: 'Joe Doe' })).toHaveAttribute('href', '/users/u1');
    expect(rows[1]).toHaveTextContent('joe.doe@example.com');
    expect(rows[1]).toHaveTextContent('2');
    expect(rows[2]).toHaveTextContent('not known');
  });

  it('says when nobody has the address', async () => {
    mockApi({ ...sessionRoutes(aSession()), 'GET /api/v1/users': () => json({ users: [], unavailable: [] }) });
    renderApp('/search?email=nobody%40example.com');
    expect(await screen.findByRole('heading', { level: 1, name: 'No user found' })).toBeInTheDocument();
    expect(screen.getByText('No user has the e-mail address nobody@example.com.')).toBeInTheDocument();
  });

  it('names an unavailable upstream over the results', async () => {
    mockApi({
      ...sessionRoutes(aSession()),
      'GET /api/v1/users': () =>
        json({
          users: [joe, { personId: 'u2', displayName: 'Jane' }],
          unavailable: [{ source: 'token_server_devices', reason: 'The Token Server did not answer in time.' }],
        }),
    });
    renderApp('/search?email=familie%40example.nl');
    expect(await screen.findByText('Token Server devices are unavailable right now')).toBeInTheDocument();
    expect(screen.getByText('The Token Server did not answer in time.')).toBeInTheDocument();
  });

  it('shows the 403 page to an agent who may not search', async () => {
    mockApi({
      ...sessionRoutes(aSession({}, { readUsers: false })),
      'GET /api/v1/users': () => problem(403, 'You may not read users.', 'forbidden'),
    });
    renderApp('/search?email=joe%40example.com');
    expect(await screen.findByRole('heading', { level: 1, name: 'No access' })).toBeInTheDocument();
    expect(screen.getByText('You may not read users.')).toBeInTheDocument();
  });

  it('offers a retry when the server cannot be reached', async () => {
    let up = false;
    mockApi({
      ...sessionRoutes(aSession()),
      'GET /api/v1/users': () => {
        if (!up) return Promise.reject(new TypeError('Failed to fetch'));
        return json({ users: [], unavailable: [] });
      },
    });
    const { user } = renderApp('/search?email=joe%40example.com');
    expect(await screen.findByText('Customer Service cannot be reached')).toBeInTheDocument();
    up = true;
    await user.click(await screen.findByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'No user found' })).toBeInTheDocument());
  });
});
