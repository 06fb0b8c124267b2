import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { http, sessionHandlers } from '../../../test/api-handlers';
import { mockApi } from '../../../test/api-server';
import { aSession } from '../../../test/fixtures';
import { renderApp } from '../../../test/render';

describe('the header search', () => {
  it('refuses what is not an e-mail address, without asking the server', async () => {
    const server = mockApi(...sessionHandlers(aSession()));
    const { user } = renderApp('/');
    const field = await screen.findByLabelText('E-mail address of the user');
    await user.type(field, 'joe@');
    await user.keyboard('{Enter}');

    expect(screen.getByRole('alert')).toHaveTextContent('This is not an e-mail address.');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    expect(field).toHaveFocus();
    expect(server.to('GET /api/v1/users')).toHaveLength(0);
  });

  it('searches on Enter, with a URL that can be shared', async () => {
    mockApi(
      ...sessionHandlers(aSession()),
      http.get('/api/v1/users', ({ response }) => response(200).json({ users: [], unavailable: [] })),
    );
    const { user } = renderApp('/');
    await user.type(await screen.findByLabelText('E-mail address of the user'), 'nobody@example.com{Enter}');
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/search?email=nobody%40example.com'));
  });

  it('takes focus on "/" from anywhere but a field', async () => {
    mockApi(...sessionHandlers(aSession()));
    renderApp('/');
    const field = await screen.findByLabelText('E-mail address of the user');
    expect(field).not.toHaveFocus();
    fireEvent.keyDown(document.body, { key: '/' });
    expect(field).toHaveFocus();
  });
});
