import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { aPerson } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { PersonHeader } from './PersonHeader';

describe('PersonHeader', () => {
  it('shows name, e-mails with verified badges, phone, locale and date of birth', () => {
    renderWithProviders(<PersonHeader person={aPerson()} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Joe Doe' })).toBeInTheDocument();
    const emails = screen.getByText('joe.doe@example.com').closest('li')!;
    expect(within(emails).getByText('verified')).toBeInTheDocument();
    expect(within(emails).getByText('primary')).toBeInTheDocument();
    const other = screen.getByText('Joe@Example.org').closest('li')!;
    expect(within(other).getByText('not verified')).toBeInTheDocument();
    expect(screen.getByText('+31 6 12345678')).toBeInTheDocument();
    expect(screen.getByText('nl_NL')).toBeInTheDocument();
    expect(screen.getByText('31 January 1990')).toBeInTheDocument();
    expect(screen.getByText('8a742ac4-fabd-4580-924c-0281777e3d39')).toBeInTheDocument();
  });

  it('renders only the fields the server sent (a viewer gets no phone and no date of birth)', () => {
    renderWithProviders(<PersonHeader person={aPerson({ phones: undefined, dateOfBirth: undefined })} />);
    expect(screen.queryByText('Phone')).not.toBeInTheDocument();
    expect(screen.queryByText('Date of birth')).not.toBeInTheDocument();
    expect(screen.getByText('E-mail')).toBeInTheDocument();
  });

  it('renders hostile text as text', () => {
    const { container } = renderWithProviders(
      <PersonHeader person={aPerson({ displayName: '<b onmouseover=alert(1)>Joe</b> 🚀' })} />,
    );
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('<b onmouseover=alert(1)>Joe</b> 🚀');
    expect(container.querySelector('b')).toBeNull();
  });

  it('has a fallback for a person without a display name', () => {
    renderWithProviders(<PersonHeader person={aPerson({ displayName: null })} />);
    expect(screen.getByRole('heading', { level: 1, name: 'No display name' })).toBeInTheDocument();
  });
});
