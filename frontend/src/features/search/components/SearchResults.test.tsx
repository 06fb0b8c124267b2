import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import type { UserSearchResults } from '../../../api/types';
import { http, problemJson, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { aProblem, aProfile, aSession } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

const joe = { personId: 'u1', displayName: 'Joe Doe', primaryEmail: 'joe.doe@example.com', deviceCount: 2 };

/** Answers every search with these results. */
const searchFinds = (results: UserSearchResults) =>
  http.get('/api/v1/users', ({ response }) => response(200).json(results));

describe('search results', () => {
  it('opens the profile when exactly one user matches', async () => {
    const server = mockApi(
      ...sessionHandlers(aSession()),
      searchFinds({ users: [joe], unavailable: [] }),
      http.get('/api/v1/users/{userId}', ({ params, response }) => {
        expect(params.userId).toBe('u1');
        return response(200).json(aProfile());
      }),
    );
    renderApp('/search?email=joe.doe%40example.com');
    expect(await screen.findByRole('heading', { level: 1, name: 'Joe Doe' })).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/users/u1');
    expect(server.to('GET /api/v1/users')[0]?.url.searchParams.get('email')).toBe('joe.doe@example.com');
  });

  it('lists several matches with name, primary e-mail and device count', async () => {
    mockApi(
      ...sessionHandlers(aSession()),
      searchFinds({
        users: [joe, { personId: 'u2', displayName: 'Jane Doe', primaryEmail: 'jane@example.com' }],
        unavailable: [],
      }),
    );
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
    mockApi(...sessionHandlers(aSession()), searchFinds({ users: [], unavailable: [] }));
    renderApp('/search?email=nobody%40example.com');
    expect(await screen.findByRole('heading', { level: 1, name: 'No user found' })).toBeInTheDocument();
    expect(screen.getByText('No user has the e-mail address nobody@example.com.')).toBeInTheDocument();
  });

  it('names an unavailable upstream over the results', async () => {
    mockApi(
      ...sessionHandlers(aSession()),
      searchFinds({
        users: [joe, { personId: 'u2', displayName: 'Jane' }],
        unavailable: [{ source: 'token_server_devices', reason: 'The Token Server did not answer in time.' }],
      }),
    );
    renderApp('/search?email=familie%40example.nl');
    expect(await screen.findByText('Token Server devices are unavailable right now')).toBeInTheDocument();
    expect(screen.getByText('The Token Server did not answer in time.')).toBeInTheDocument();
  });

  it('shows the 403 page to an agent who may not search', async () => {
    mockApi(
      ...sessionHandlers(aSession({}, { readUsers: false })),
      http.get('/api/v1/users', ({ response }) =>
        response(403).json(aProblem(403, 'You may not read users.', 'forbidden'), problemJson()),
      ),
    );
    renderApp('/search?email=joe%40example.com');
    expect(await screen.findByRole('heading', { level: 1, name: 'No access' })).toBeInTheDocument();
    expect(screen.getByText('You may not read users.')).toBeInTheDocument();
  });

  it('offers a retry when the server cannot be reached', async () => {
    let up = false;
    mockApi(
      ...sessionHandlers(aSession()),
      http.get('/api/v1/users', ({ response }) =>
        up ? response(200).json({ users: [], unavailable: [] }) : HttpResponse.error(),
      ),
    );
    const { user } = renderApp('/search?email=joe%40example.com');
    expect(await screen.findByText('Customer Service cannot be reached')).toBeInTheDocument();
    up = true;
    await user.click(await screen.findByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'No user found' })).toBeInTheDocument());
  });
});
