import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { EventsPage } from '../../../api/types';
import { http } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { anEvent } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { EventsSection } from './EventsSection';

const first: EventsPage = {
  events: [
    anEvent(),
    anEvent({ id: 'c1', source: 'cim', name: 'Session login succeeded', type: 'person.SessionLoginSucceededEvent', actor: null }),
  ],
  nextBefore: 'cursor-1',
  unavailable: [],
};

/** Answers every events request of user u1 with this page. */
const eventsOfU1 = (page: EventsPage) =>
  http.get('/api/v1/users/{userId}/events', ({ params, response }) => {
    expect(params.userId).toBe('u1');
    return response(200).json(page);
  });

describe('EventsSection', () => {
  it('shows the first page from the profile with source badges, name, application, IP and actor', () => {
    const server = mockApi();
    renderWithProviders(<EventsSection userId="u1" firstPage={{ page: first, updatedAt: Date.now() }} />);
    const rows = screen.getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('Token Server');
    expect(rows[1]).toHaveTextContent('Device removed');
    expect(rows[1]).toHaveTextContent('Example Bank app');
    expect(rows[1]).toHaveTextContent('10.0.0.5');
    expect(rows[1]).toHaveTextContent('by ann');
    expect(within(rows[1]!).getByText('Device removed')).toHaveAttribute('title', 'API_DEVICE_REMOVED');
    expect(rows[2]).toHaveTextContent('CIM');
    expect(server.calls).toHaveLength(0);
  });

  it('loads older events after the last ones', async () => {
    const server = mockApi(
      eventsOfU1({ events: [anEvent({ id: 'old', name: 'Push enrollment succeeded' })], unavailable: [] }),
    );
    const { user } = renderWithProviders(<EventsSection userId="u1" firstPage={{ page: first, updatedAt: Date.now() }} />);
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByText('Push enrollment succeeded')).toBeInTheDocument();
    expect(screen.getAllByRole('row')).toHaveLength(4);
    expect(server.calls[0]?.url.searchParams.get('before')).toBe('cursor-1');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('filters by source through the API', async () => {
    const server = mockApi(
      eventsOfU1({ events: [anEvent({ id: 'c9', source: 'cim', name: 'Password changed' })], unavailable: [] }),
    );
    const { user } = renderWithProviders(<EventsSection userId="u1" firstPage={{ page: first, updatedAt: Date.now() }} />);
    await user.selectOptions(screen.getByLabelText('Source'), 'CIM');
    expect(await screen.findByText('Password changed')).toBeInTheDocument();
    expect(screen.queryByText('Device removed')).not.toBeInTheDocument();
    expect(server.calls[0]?.url.searchParams.get('source')).toBe('cim');
  });

  it('names an unavailable source over the list', () => {
    renderWithProviders(
      <EventsSection
        userId="u1"
        firstPage={{
          page: {
            ...first,
            unavailable: [{ source: 'token_server_events', reason: 'The Token Server did not answer in time.' }],
          },
          updatedAt: Date.now(),
        }}
      />,
    );
    expect(screen.getByText('Token Server events are unavailable right now')).toBeInTheDocument();
    expect(screen.getByText('The Token Server did not answer in time.')).toBeInTheDocument();
  });

  it('says when there are no events', async () => {
    mockApi(eventsOfU1({ events: [], unavailable: [] }));
    renderWithProviders(<EventsSection userId="u1" />);
    await waitFor(() => expect(screen.getByText('No events.')).toBeInTheDocument());
  });
});
