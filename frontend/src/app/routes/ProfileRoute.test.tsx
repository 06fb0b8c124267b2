import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { aProfile, aSession } from '../../test/fixtures';
import { json, mockApi, problem, sessionRoutes } from '../../test/fetch-mock';
import { renderApp } from '../../test/render';

describe('the profile page', () => {
  it('shows a skeleton while loading, then the person, devices and events', async () => {
    mockApi({ ...sessionRoutes(aSession()), 'GET /api/v1/users/u1': () => json(aProfile()) });
    renderApp('/users/u1');
    expect(await screen.findByText('Loading the profile…')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 1, name: 'Joe Doe' })).toHaveFocus();
    expect(screen.getByRole('heading', { level: 2, name: 'Devices (2)' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Latest events' })).toBeInTheDocument();
    expect(document.title).toBe('Joe Doe – Customer Service');
  });

  it('has a 404 page for an unknown user', async () => {
    mockApi({ ...sessionRoutes(aSession()), 'GET /api/v1/users/nobody': () => problem(404, 'No such person.') });
    renderApp('/users/nobody');
    expect(await screen.findByRole('heading', { level: 1, name: 'User not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the start page' })).toHaveAttribute('href', '/');
  });

  it('has a 404 page for an unknown address', async () => {
    mockApi({ ...sessionRoutes(aSession()) });
    renderApp('/nowhere');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });

  it('shows the problem detail of an upstream failure and retries', async () => {
    let fail = true;
    mockApi({
      ...sessionRoutes(aSession()),
      'GET /api/v1/users/u1': () => (fail ? problem(503, 'CIM could not be reached.') : json(aProfile())),
    });
    const { user } = renderApp('/users/u1');
    expect(await screen.findByText('CIM could not be reached.')).toBeInTheDocument();
    expect(screen.getByText('Request id: req-123')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Joe Doe' })).toBeInTheDocument();
  });

  it('switches every string, date and relative time to Dutch', async () => {
    mockApi({ ...sessionRoutes(aSession()), 'GET /api/v1/users/u1': () => json(aProfile()) });
    const { user } = renderApp('/users/u1');
    await screen.findByRole('heading', { level: 1, name: 'Joe Doe' });
    await user.click(screen.getByRole('button', { name: 'NL Nederlands' }));

    expect(screen.getByRole('heading', { level: 2, name: 'Apparaten (2)' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Laatste gebeurtenissen' })).toBeInTheDocument();
    expect(screen.getByText('3 dagen geleden')).toBeInTheDocument();
    expect(screen.getByText('Geactiveerd en kan pushberichten ontvangen')).toBeInTheDocument();
    expect(screen.getByText('31 januari 1990')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'NL Nederlands' })).toHaveAttribute('aria-pressed', 'true');
    expect(document.documentElement.lang).toBe('nl');
    await waitFor(() => expect(localStorage.getItem('cs.language')).toBe('nl'));
  });
});
