import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { http, problemJson, sessionHandlers } from '../../test/api-handlers';
import { mockApi } from '../../test/api-server';
import { aProblem, aProfile, aSession } from '../../test/fixtures';
import { renderApp } from '../../test/render';

/** The profile of user u1. */
const profileOfU1 = http.get('/api/v1/users/{userId}', ({ params, response }) => {
  expect(params.userId).toBe('u1');
  return response(200).json(aProfile());
});

describe('the profile page', () => {
  it('shows a skeleton while loading, then the person, devices and events', async () => {
    mockApi(...sessionHandlers(aSession()), profileOfU1);
    renderApp('/users/u1');
    expect(await screen.findByText('Loading the profile…')).toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 1, name: 'Joe Doe' })).toHaveFocus();
    expect(screen.getByRole('heading', { level: 2, name: 'Devices (2)' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Latest events' })).toBeInTheDocument();
    expect(document.title).toBe('Joe Doe – Customer Service');
  });

  it('has a 404 page for an unknown user', async () => {
    mockApi(
      ...sessionHandlers(aSession()),
      http.get('/api/v1/users/{userId}', ({ params, response }) => {
        expect(params.userId).toBe('nobody');
        return response(404).json(aProblem(404, 'No such person.'), problemJson());
      }),
    );
    renderApp('/users/nobody');
    expect(await screen.findByRole('heading', { level: 1, name: 'User not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the start page' })).toHaveAttribute('href', '/');
  });

  it('has a 404 page for an unknown address', async () => {
    mockApi(...sessionHandlers(aSession()));
    renderApp('/nowhere');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
  });

  it('shows the problem detail of an upstream failure and retries', async () => {
    let fail = true;
    mockApi(
      ...sessionHandlers(aSession()),
      http.get('/api/v1/users/{userId}', ({ params, response }) => {
        expect(params.userId).toBe('u1');
        return fail
          ? response(503).json(aProblem(503, 'CIM could not be reached.'), problemJson())
          : response(200).json(aProfile());
      }),
    );
    const { user } = renderApp('/users/u1');
    expect(await screen.findByText('CIM could not be reached.')).toBeInTheDocument();
    expect(screen.getByText('Request id: req-123')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Joe Doe' })).toBeInTheDocument();
  });

  it('switches every string, date and relative time to Dutch', async () => {
    mockApi(...sessionHandlers(aSession()), profileOfU1);
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
