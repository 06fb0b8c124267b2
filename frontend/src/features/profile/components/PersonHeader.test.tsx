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

  it('shows addresses and custom attributes of any shape as text', () => {
    const { container } = renderWithProviders(
      <PersonHeader
        person={aPerson({
          addresses: [{ street: 'Stationsplein 1', city: 'Utrecht', tags: ['HOME'] }],
          customAttributes: { insurancePolicy: 'NL-42', scores: [3, 5], note: '<img src=x onerror=alert(1)>' },
        })}
      />,
    );
    expect(screen.getByText('street: Stationsplein 1, city: Utrecht, tags: [HOME]')).toBeInTheDocument();
    const attributes = screen.getByText('Attributes').closest('div')!;
    expect(within(attributes).getByText('insurancePolicy').nextSibling).toHaveTextContent('NL-42');
    expect(within(attributes).getByText('3; 5')).toBeInTheDocument();
    expect(within(attributes).getByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('shows attributes CIM holds as a list, and leaves out empty ones and absent addresses', () => {
    renderWithProviders(<PersonHeader person={aPerson({ customAttributes: ['a', 1] })} />);
    expect(screen.getByText('a; 1')).toBeInTheDocument();
    expect(screen.queryByText('Addresses')).not.toBeInTheDocument();

    renderWithProviders(<PersonHeader person={aPerson({ addresses: [], customAttributes: {} })} />);
    expect(screen.getByText('Addresses').nextSibling).toHaveTextContent('None');
    expect(screen.queryAllByText('Attributes')).toHaveLength(1);
  });

  it('has a fallback for a person without a display name', () => {
    renderWithProviders(<PersonHeader person={aPerson({ displayName: null })} />);
    expect(screen.getByRole('heading', { level: 1, name: 'No display name' })).toBeInTheDocument();
  });
});
