import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { aDevice } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { DevicesTable } from './DevicesTable';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('DevicesTable', () => {
  it('has the agreed columns', () => {
    renderWithProviders(<DevicesTable devices={[aDevice()]} captionId="x" onDelete={vi.fn()} />);
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent);
    expect(headers).toEqual([
      'Last used',
      'Application',
      'Platform',
      'Model',
      'Device name',
      'Mobile authentication',
      'Actions',
    ]);
  });

  it('writes last use relatively, with the exact time as the description shown on hover and focus', () => {
    renderWithProviders(<DevicesTable devices={[aDevice()]} captionId="x" />);
    const time = screen.getByText('3 days ago');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('tabindex', '0');
    expect(time).toHaveAccessibleDescription(/25 November 2026/);
    expect(screen.getByRole('tooltip', { hidden: true })).toHaveTextContent('2026');
  });

  it('shows platform with version, and a muted dash for what is missing', () => {
    renderWithProviders(
      <DevicesTable devices={[aDevice({ platform: 'android', osVersion: '14', model: null, lastUsedAt: null })]} captionId="x" />,
    );
    const row = screen.getAllByRole('row')[1]!;
    expect(row).toHaveTextContent('Android 14');
    expect(within(row).getAllByText('not known')).toHaveLength(2);
  });

  it("names a platform it does not know by the Token Server's name for it, as text", () => {
    renderWithProviders(
      <DevicesTable
        devices={[
          aDevice({ id: 'w', platform: 'other', platformName: 'windows', osVersion: '11' }),
          aDevice({ id: 'h', platform: 'other', platformName: HOSTILE, osVersion: null }),
          aDevice({ id: 'n', platform: 'other', osVersion: null }),
        ]}
        captionId="x"
      />,
    );
    const [, windows, hostile, unnamed] = screen.getAllByRole('row');
    expect(windows).toHaveTextContent('windows 11');
    expect(hostile).toHaveTextContent(HOSTILE);
    expect(hostile!.querySelector('img')).toBeNull();
    expect(unnamed).toHaveTextContent('Other');
  });

  it('names the three mobile-authentication states differently', () => {
    renderWithProviders(
      <DevicesTable
        devices={[
          aDevice({ id: 'a', mobileAuthentication: 'not_activated' }),
          aDevice({ id: 'b', mobileAuthentication: 'activated' }),
          aDevice({ id: 'c', mobileAuthentication: 'activated_with_push' }),
        ]}
        captionId="x"
      />,
    );
    const off = screen.getByText('Not activated').closest('.mobile-auth')!;
    const on = screen.getByText('Activated').closest('.mobile-auth')!;
    const push = screen.getByText('Activated and can receive push notifications').closest('.mobile-auth')!;
    expect(new Set([off.className, on.className, push.className]).size).toBe(3);
  });

  it('renders a hostile device name as text and creates no element from it', () => {
    const { container } = renderWithProviders(
      <DevicesTable devices={[aDevice({ name: HOSTILE })]} captionId="x" onDelete={vi.fn()} />,
    );
    expect(screen.getByText(HOSTILE, { selector: '.clamp' })).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('button', { name: `Delete ${HOSTILE}` })).toBeInTheDocument();
  });

  it('has no Delete button for an agent without DELETE_DEVICE', () => {
    renderWithProviders(<DevicesTable devices={[aDevice()]} captionId="x" />);
    expect(screen.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: 'Actions' })).not.toBeInTheDocument();
  });

  it('keeps a 200-character name in a clamped, wrapping cell with the whole name on hover', () => {
    const long = 'x'.repeat(200);
    renderWithProviders(<DevicesTable devices={[aDevice({ name: long })]} captionId="x" />);
    const cell = screen.getByText(long);
    expect(cell).toHaveClass('clamp');
    expect(cell).toHaveAttribute('title', long);
  });
});
