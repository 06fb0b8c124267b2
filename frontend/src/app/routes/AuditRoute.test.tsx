import { screen, waitFor, within } from '@testing-library/react';
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';

import type { AuditPage } from '../../api/types';
import { http, problemJson, sessionHandlers } from '../../test/api-handlers';
import { mockApi } from '../../test/api-server';
import { deferred } from '../../test/deferred';
import { aChain, aProblem, aSession, anAuditPage, anAuditRecord } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const supervisor = (permissions: Parameters<typeof aSession>[1] = {}) =>
  aSession({ agent: { username: 'sue', displayName: 'Sue Supervisor' } }, { readAudit: true, ...permissions });

/** Answers every JSON request for the audit trail with this page. */
const auditPages = (page: AuditPage = anAuditPage()) =>
  http.get('/api/v1/audit', ({ response }) => response(200).json(page));

/** The query string of the n-th request for the audit trail, as a plain object. */
function queryOf(server: ReturnType<typeof mockApi>, n: number) {
  const call = server.to('GET /api/v1/audit')[n];
  if (!call) throw new Error(`no audit request #${n}`);
  return Object.fromEntries(call.url.searchParams);
}

const CSV = 'id,occurred_at,agent\r\n42,2026-11-28T10:00:00Z,ann\r\n';

describe('the audit trail menu entry', () => {
  it('is in the header only for agents who may read the audit trail', async () => {
    mockApi(...sessionHandlers(aSession()));
    const view = renderApp('/');
    await screen.findByRole('heading', { level: 1, name: 'Find a user' });
    expect(screen.queryByRole('link', { name: 'Audit trail' })).not.toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: 'Main' })).not.toBeInTheDocument();
    view.unmount();

    mockApi(...sessionHandlers(supervisor()), auditPages());
    const { user } = renderApp('/');
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    const link = within(nav).getByRole('link', { name: 'Audit trail' });
    expect(link).toHaveAttribute('href', '/audit');
    await user.click(link);
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit trail' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Audit trail' })).toHaveAttribute('aria-current', 'page');
    expect(document.title).toBe('Audit trail – Customer Service');
  });

  it('lets a supervisor without USERS_READ in, and on to the audit trail from the start page', async () => {
    mockApi(...sessionHandlers(supervisor({ readUsers: false })), auditPages());
    const { user } = renderApp('/');
    expect(await screen.findByText('Your account may not search users or read their profiles.')).toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Open the audit trail' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Audit trail' })).toBeInTheDocument();
    // Without USERS_READ the profile would refuse: the user id is text, not a link.
    const table = await screen.findByRole('table', { name: 'Audit records, newest first' });
    expect(within(table).getByText('u1')).toBeInTheDocument();
    expect(within(table).queryByRole('link')).not.toBeInTheDocument();
  });

  it('shows a no-access page at /audit to agents without the permission, without asking the API', async () => {
    const server = mockApi(...sessionHandlers(aSession()));
    renderApp('/audit');
    expect(await screen.findByRole('heading', { level: 1, name: 'No access' })).toBeInTheDocument();
    expect(server.to('GET /api/v1/audit')).toHaveLength(0);
  });

  it('shows a no-access page when the server refuses', async () => {
    mockApi(
      ...sessionHandlers(supervisor()),
      http.get('/api/v1/audit', ({ response }) =>
        response(403).json(aProblem(403, 'Needs AGENTS_READ.', 'forbidden'), problemJson()),
      ),
    );
    renderApp('/audit');
    expect(await screen.findByRole('heading', { level: 1, name: 'No access' })).toBeInTheDocument();
    expect(screen.getByText('Needs AGENTS_READ.')).toBeInTheDocument();
  });
});

describe('the audit trail', () => {
  it('lists the records newest first, each user a link to their profile', async () => {
    mockApi(...sessionHandlers(supervisor()), auditPages());
    renderApp('/audit');
    expect(await screen.findByText('Loading the audit trail…')).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Audit records, newest first' });
    const headers = within(table).getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers).toEqual(['Time', 'Agent', 'Action', 'User', 'Device', 'Reason', 'Outcome', 'Detail']);

    const [, first, second] = within(table).getAllByRole('row');
    expect(first).toHaveTextContent('2 hours ago');
    expect(first).toHaveTextContent('ann');
    expect(first).toHaveTextContent('Delete device');
    expect(first).toHaveTextContent('dev-1');
    expect(first).toHaveTextContent('Example Bank app');
    expect(first).toHaveTextContent('Caller reported the phone stolen');
    expect(within(first!).getByText('Succeeded')).toBeInTheDocument();
    expect(within(first!).getByRole('link', { name: 'u1' })).toHaveAttribute('href', '/users/u1');

    expect(second).toHaveTextContent('yesterday');
    expect(second).toHaveTextContent('Disable push');
    expect(within(second!).getByText('Failed')).toBeInTheDocument();
    expect(second).toHaveTextContent('The Token Server left the device unchanged.');
    expect(within(second!).getByRole('link', { name: 'u2' })).toHaveAttribute('href', '/users/u2');
    expect(screen.getByText('Chain verified: 2 records unchanged.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('renders upstream strings as text, and encodes the user id in the link', async () => {
    mockApi(
      ...sessionHandlers(supervisor()),
      auditPages(
        anAuditPage({
          records: [anAuditRecord({ userId: 'a/b?c', reason: '<img src=x onerror=alert(1)>', agent: '<b>eve</b>' })],
        }),
      ),
    );
    renderApp('/audit');
    const link = await screen.findByRole('link', { name: 'a/b?c' });
    expect(link).toHaveAttribute('href', '/users/a%2Fb%3Fc');
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(screen.getByText('<b>eve</b>')).toBeInTheDocument();
    expect(document.querySelector('img')).toBeNull();
  });

  it('puts the applied filters in the URL and in the request', async () => {
    const server = mockApi(...sessionHandlers(supervisor()), auditPages());
    const { user } = renderApp('/audit');
    await screen.findByRole('table');
    expect(queryOf(server, 0)).toEqual({ limit: '50' });

    const form = screen.getByRole('form', { name: 'Filter the audit trail' });
    await user.type(within(form).getByLabelText('Agent'), 'ann');
    await user.type(within(form).getByLabelText('User id'), 'u1');
    await user.selectOptions(within(form).getByLabelText('Action'), 'Delete device');
    await user.selectOptions(within(form).getByLabelText('Outcome'), 'Failed');
    await user.type(within(form).getByLabelText('From'), '2026-11-01');
    await user.type(within(form).getByLabelText('To'), '2026-11-28');
    // Nothing is asked before Apply.
    expect(server.to('GET /api/v1/audit')).toHaveLength(1);
    await user.click(within(form).getByRole('button', { name: 'Apply' }));

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '/audit?agent=ann&userId=u1&action=device_delete&outcome=failed&from=2026-11-01&to=2026-11-28',
      ),
    );
    await waitFor(() => expect(server.to('GET /api/v1/audit')).toHaveLength(2));
    expect(queryOf(server, 1)).toEqual({
      agent: 'ann',
      userId: 'u1',
      action: 'device_delete',
      outcome: 'failed',
      // The start of the first day and the end of the last, in the agent's time zone.
      from: new Date(2026, 10, 1, 0, 0, 0, 0).toISOString(),
      to: new Date(2026, 10, 28, 23, 59, 59, 999).toISOString(),
      limit: '50',
    });
  });

  it('reads the filters from a shared URL, and Clear removes them all', async () => {
    const server = mockApi(...sessionHandlers(supervisor()), auditPages());
    const { user } = renderApp('/audit?agent=bob&action=login_failed&outcome=pending');
    await screen.findByRole('table');
    expect(queryOf(server, 0)).toEqual({ agent: 'bob', action: 'login_failed', outcome: 'pending', limit: '50' });
    expect(screen.getByLabelText('Agent')).toHaveValue('bob');
    expect(screen.getByLabelText('Action')).toHaveValue('login_failed');
    expect(screen.getByLabelText('Outcome')).toHaveValue('pending');

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/audit$/));
    await waitFor(() => expect(server.to('GET /api/v1/audit')).toHaveLength(2));
    expect(queryOf(server, 1)).toEqual({ limit: '50' });
    expect(screen.getByLabelText('Agent')).toHaveValue('');
    expect(screen.getByLabelText('Action')).toHaveValue('');
  });

  it('does not apply a "To" day before the "From" day', async () => {
    const server = mockApi(...sessionHandlers(supervisor()), auditPages());
    const { user } = renderApp('/audit');
    await screen.findByRole('table');
    await user.type(screen.getByLabelText('From'), '2026-11-20');
    await user.type(screen.getByLabelText('To'), '2026-11-02');
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The “To” day is before the “From” day.');
    expect(screen.getByLabelText('To')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/audit$/);
    expect(server.to('GET /api/v1/audit')).toHaveLength(1);
  });

  it('offers every action and every outcome by name', async () => {
    mockApi(...sessionHandlers(supervisor()), auditPages());
    renderApp('/audit');
    await screen.findByRole('table');
    const options = (label: string) =>
      within(screen.getByLabelText(label))
        .getAllByRole('option')
        .map((o) => [(o as HTMLOptionElement).value, o.textContent]);
    expect(options('Action')).toEqual([
      ['', 'All actions'],
      ['device_delete', 'Delete device'],
      ['device_disable_push', 'Disable push'],
      ['device_disable_mobile_authentication', 'Disable mobile authentication'],
      ['device_disable_fingerprint', 'Disable fingerprint'],
      ['user_sign_out', 'Sign out everywhere'],
      ['device_verify', 'Verify caller'],
      ['login', 'Log in'],
      ['login_failed', 'Failed login'],
      ['logout', 'Log out'],
    ]);
    expect(options('Outcome')).toEqual([
      ['', 'All outcomes'],
      ['succeeded', 'Succeeded'],
      ['failed', 'Failed'],
      ['pending', 'Pending'],
    ]);
  });

  it('loads older records with the same filters and `before`', async () => {
    const server = mockApi(
      ...sessionHandlers(supervisor()),
      http.get('/api/v1/audit', ({ request, response }) => {
        const before = new URL(request.url).searchParams.get('before');
        return before === null
          ? response(200).json(anAuditPage({ nextBefore: 41 }))
          : response(200).json(
              anAuditPage({ records: [anAuditRecord({ id: 7, action: 'logout', userId: null, deviceId: null })] }),
            );
      }),
    );
    const { user } = renderApp('/audit?agent=ann');
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await within(screen.getByRole('table')).findByText('Log out')).toBeInTheDocument();
    expect(queryOf(server, 1)).toEqual({ agent: 'ann', limit: '50', before: '41' });
    expect(screen.getAllByRole('row')).toHaveLength(4);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
  });

  it('says when no record matches', async () => {
    mockApi(...sessionHandlers(supervisor()), auditPages(anAuditPage({ records: [] })));
    renderApp('/audit?agent=nobody');
    expect(await screen.findByText('No records match these filters.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows the detail of a 400 problem', async () => {
    mockApi(
      ...sessionHandlers(supervisor()),
      http.get('/api/v1/audit', ({ response }) =>
        response(400).json(aProblem(400, 'unknown variant `nope` for `action`', 'bad-request'), problemJson()),
      ),
    );
    renderApp('/audit?action=nope');
    expect(await screen.findByText('These filters were not accepted')).toBeInTheDocument();
    expect(screen.getByText('unknown variant `nope` for `action`')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeInTheDocument();
  });

  it('offers a retry when the trail cannot be read', async () => {
    let up = false;
    mockApi(
      ...sessionHandlers(supervisor()),
      http.get('/api/v1/audit', ({ response }) => (up ? response(200).json(anAuditPage()) : HttpResponse.error())),
    );
    const { user } = renderApp('/audit');
    expect(await screen.findByText('Customer Service cannot be reached')).toBeInTheDocument();
    up = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table')).toBeInTheDocument();
  });

  it('warns calmly when the hash chain is broken, and still shows the records', async () => {
    mockApi(
      ...sessionHandlers(supervisor()),
      auditPages(anAuditPage({ chain: aChain({ intact: false, brokenRecord: 17, brokenReason: 'hash mismatch' }) })),
    );
    renderApp('/audit');
    expect(await screen.findByText('The audit trail’s hash chain is broken')).toBeInTheDocument();
    expect(screen.getByText('First broken record: 17.')).toBeInTheDocument();
    expect(screen.getByText('hash mismatch')).toBeInTheDocument();
    expect(screen.getByRole('table')).toBeInTheDocument();
  });
});

describe('the CSV download', () => {
  /** Stubs what jsdom lacks (object URLs) and what it cannot do (download on click). */
  function stubDownloads() {
    const created: Blob[] = [];
    Object.defineProperty(URL, 'createObjectURL', {
      configurable: true,
      writable: true,
      value: (blob: Blob) => {
        created.push(blob);
        return 'blob:http://localhost/audit-1';
      },
    });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, writable: true, value: () => {} });
    const clicks: Array<{ href: string; download: string; connected: boolean }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download, connected: this.isConnected });
    });
    return { created, clicks };
  }

  it('asks for text/csv with the applied filters and saves the file under the server’s name', async () => {
    const downloads = stubDownloads();
    const gate = deferred();
    const server = mockApi(
      ...sessionHandlers(supervisor()),
      http.get('/api/v1/audit', async ({ request, response }) => {
        if (!request.headers.get('Accept')?.includes('text/csv')) return response(200).json(anAuditPage());
        await gate.promise;
        return response(200).text(CSV, {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': 'attachment; filename="audit-20261128.csv"',
          },
        });
      }),
    );
    const { user } = renderApp('/audit?agent=ann&outcome=failed&from=2026-11-01');
    await screen.findByRole('table');
    // A filter typed but not applied does not count.
    await user.type(screen.getByLabelText('User id'), 'u9');
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(await screen.findByRole('button', { name: 'Downloading…' })).toHaveAttribute('aria-disabled', 'true');
    const csvCall = server.to('GET /api/v1/audit')[1]!;
    expect(csvCall.headers.get('Accept')).toMatch(/^text\/csv\b/);
    expect(csvCall.credentials).toBe('same-origin');
    expect(Object.fromEntries(csvCall.url.searchParams)).toEqual({
      agent: 'ann',
      outcome: 'failed',
      from: new Date(2026, 10, 1).toISOString(),
    });
    gate.release();

    await waitFor(() => expect(downloads.clicks).toHaveLength(1));
    expect(downloads.clicks[0]).toEqual({
      href: 'blob:http://localhost/audit-1',
      download: 'audit-20261128.csv',
      connected: true,
    });
    expect(await downloads.created[0]!.text()).toBe(CSV);
    // The link was only there for the click.
    expect(document.querySelector('a[download]')).toBeNull();
    expect(await screen.findByRole('button', { name: 'Download CSV' })).not.toHaveAttribute('aria-disabled', 'true');
  });

  it('falls back to audit.csv without a file name', async () => {
    const downloads = stubDownloads();
    mockApi(
      ...sessionHandlers(supervisor()),
      http.get('/api/v1/audit', ({ request, response }) =>
        request.headers.get('Accept')?.includes('text/csv')
          ? response(200).text(CSV, { headers: { 'Content-Type': 'text/csv' } })
          : response(200).json(anAuditPage()),
      ),
    );
    const { user } = renderApp('/audit');
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(downloads.clicks).toHaveLength(1));
    expect(downloads.clicks[0]?.download).toBe('audit.csv');
  });

  it('saves nothing when the answer is not CSV', async () => {
    const downloads = stubDownloads();
    mockApi(...sessionHandlers(supervisor()), auditPages());
    const { user } = renderApp('/audit');
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The CSV file could not be downloaded. Try again in a moment.',
    );
    expect(downloads.clicks).toHaveLength(0);
  });

  it('says in the agent’s language why the file was not made', async () => {
    const downloads = stubDownloads();
    mockApi(
      ...sessionHandlers(supervisor()),
      http.get('/api/v1/audit', ({ request, response }) =>
        request.headers.get('Accept')?.includes('text/csv')
          ? response(400).json(aProblem(400, '`from` must not be after `to`'), problemJson())
          : response(200).json(anAuditPage()),
      ),
    );
    const { user } = renderApp('/audit', { language: 'nl' });
    await screen.findByRole('table');
    await user.click(screen.getByRole('button', { name: 'CSV downloaden' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Geen CSV-bestand: de filters zijn niet geaccepteerd.');
    expect(alert).toHaveTextContent('`from` must not be after `to`');
    expect(downloads.clicks).toHaveLength(0);
    await user.click(within(alert).getByRole('button', { name: 'Sluiten' }));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});

describe('the audit trail in Dutch', () => {
  it('names the menu entry, filters, buttons, columns, actions and outcomes in Dutch', async () => {
    mockApi(...sessionHandlers(supervisor()), auditPages(anAuditPage({ nextBefore: 41 })));
    renderApp('/audit', { language: 'nl' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Audittrail' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('navigation', { name: 'Hoofdmenu' })).getByRole('link', { name: 'Audittrail' }),
    ).toBeInTheDocument();
    for (const label of ['Medewerker', 'Gebruikers-id', 'Actie', 'Uitkomst', 'Van', 'Tot en met']) {
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    }
    for (const name of ['Toepassen', 'Wissen', 'CSV downloaden']) {
      expect(screen.getByRole('button', { name })).toBeInTheDocument();
    }
    const table = await screen.findByRole('table', { name: 'Auditregels, nieuwste eerst' });
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Tijd',
      'Medewerker',
      'Actie',
      'Gebruiker',
      'Apparaat',
      'Reden',
      'Uitkomst',
      'Toelichting',
    ]);
    expect(within(table).getByText('Apparaat verwijderen')).toBeInTheDocument();
    expect(within(table).getByText('Gelukt')).toBeInTheDocument();
    expect(within(table).getByText('Mislukt')).toBeInTheDocument();
    expect(within(table).getByText('2 uur geleden')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Meer laden' })).toBeInTheDocument();
    expect(screen.getByText('Keten gecontroleerd: 2 regels ongewijzigd.')).toBeInTheDocument();
  });
});
