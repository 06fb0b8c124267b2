// Builders for wire objects: defaults that pass the schema, overridden per test.
import type {
  AuditChain,
  AuditPage,
  AuditRecord,
  Device,
  Event,
  LoginOptions,
  Person,
  Problem,
  Session,
  UserProfile,
  UserSearchResults,
  Verification,
} from '../api/types';

export const NOW = Date.parse('2026-11-28T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * 86_400_000).toISOString();

export function aSession(overrides: Partial<Session> = {}, permissions: Partial<Session['permissions']> = {}): Session {
  return {
    agent: { username: 'agent', displayName: 'Ann Agent' },
    authMethod: 'password',
    authorities: ['USERS_ALL'],
    permissions: {
      readUsers: true,
      deleteDevice: true,
      verifyDevice: true,
      readAudit: false,
      fields: ['EMAIL_ADDRESS', 'PHONE_NUMBER', 'DATE_OF_BIRTH', 'DISPLAY_NAME', 'PREFERRED_LOCALE'],
      ...permissions,
    },
    ...overrides,
  };
}

export const passwordOnly: LoginOptions = { password: true, oidc: false };

export function aDevice(overrides: Partial<Device> = {}): Device {
  return {
    id: 'dev-1',
    name: "Joe's phone",
    application: 'Example Bank app',
    platform: 'ios',
    osVersion: '17.4',
    model: 'iPhone XR',
    createdAt: daysAgo(200),
    lastUsedAt: daysAgo(3),
    tokenTypes: ['DEFAULT'],
    mobileAuthentication: 'activated_with_push',
    availableActions: ['disable_push', 'disable_mobile_authentication'],
    ...overrides,
  };
}

/** A verification sent to dev-1 just now, pending, with 1:42 left. */
export function aVerification(overrides: Partial<Verification> = {}): Verification {
  return {
    id: 'ver-1',
    userId: 'u1',
    deviceId: 'dev-1',
    deviceName: "Joe's phone",
    message: 'Please confirm that you are talking to our helpdesk right now.',
    state: 'pending',
    startedBy: 'agent',
    startedAt: new Date(NOW).toISOString(),
    expiresAt: new Date(NOW + 102_000).toISOString(),
    secondsLeft: 102,
    checkFailing: false,
    ...overrides,
  };
}

export function anEvent(overrides: Partial<Event> = {}): Event {
  return {
    id: 'ev-1',
    source: 'token_server',
    type: 'API_DEVICE_REMOVED',
    name: 'Device removed',
    occurredAt: daysAgo(1),
    application: 'Example Bank app',
    clientIp: '10.0.0.5',
    actor: 'ann',
    ...overrides,
  };
}

export function aPerson(overrides: Partial<Person> = {}): Person {
  return {
    personId: '8a742ac4-fabd-4580-924c-0281777e3d39',
    displayName: 'Joe Doe',
    emails: [
      { value: 'joe.doe@example.com', primary: true, verified: true },
      { value: 'Joe@Example.org', primary: false, verified: false },
    ],
    phones: [{ value: '+31 6 12345678', primary: true, verified: true, tag: 'MOBILE' }],
    locale: 'nl_NL',
    dateOfBirth: '1990-01-31',
    customAttributes: {},
    ...overrides,
  };
}

export function aProfile(overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    person: aPerson(),
    devices: [
      aDevice(),
      aDevice({
        id: 'dev-2',
        name: 'Work tablet',
        platform: 'android',
        osVersion: '14',
        model: null,
        lastUsedAt: daysAgo(60),
        mobileAuthentication: 'not_activated',
      }),
    ],
    events: [
      anEvent(),
      anEvent({
        id: 'ev-2',
        source: 'cim',
        type: 'person.SessionLoginSucceededEvent',
        name: 'Session login succeeded',
        application: null,
        clientIp: '192.168.10.30',
        actor: null,
        occurredAt: daysAgo(2),
      }),
    ],
    nextEventsBefore: 'cursor-1',
    unavailable: [],
    ...overrides,
  };
}

export function searchResults(users: UserSearchResults['users'], unavailable: UserSearchResults['unavailable'] = []) {
  return { users, unavailable };
}

export function aProblem(status: number, detail: string, kind = 'problem'): Problem {
  return {
    type: `https://customer-service.dev/problems/${kind}`,
    title: kind,
    status,
    detail,
    instance: null,
    requestId: 'req-123',
  };
}

export function anAuditRecord(overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id: 42,
    occurredAt: new Date(NOW - 2 * 3_600_000).toISOString(),
    agent: 'ann',
    authMethod: 'password',
    action: 'device_delete',
    userId: 'u1',
    deviceId: 'dev-1',
    application: 'Example Bank app',
    reason: 'Caller reported the phone stolen',
    outcome: 'succeeded',
    detail: null,
    requestId: 'req-42',
    clientIp: '10.0.0.5',
    ...overrides,
  };
}

export function aChain(overrides: Partial<AuditChain> = {}): AuditChain {
  return {
    intact: true,
    records: 2,
    entries: 4,
    head: 'c0ffee',
    brokenRecord: null,
    brokenReason: null,
    checkedAt: new Date(NOW).toISOString(),
    ...overrides,
  };
}

export function anAuditPage(overrides: Partial<AuditPage> = {}): AuditPage {
  return {
    records: [
      anAuditRecord(),
      anAuditRecord({
        id: 41,
        occurredAt: daysAgo(1),
        agent: 'bob',
        action: 'device_disable_push',
        userId: 'u2',
        reason: null,
        outcome: 'failed',
        detail: 'The Token Server left the device unchanged.',
      }),
    ],
    nextBefore: null,
    chain: aChain(),
    ...overrides,
  };
}
