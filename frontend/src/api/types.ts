// Names for the generated wire types: the only source of API types is schema.d.ts.
import type { components } from './schema';

type Schemas = components['schemas'];

export type Problem = Schemas['Problem'];
export type Device = Schemas['Device'];
export type DeviceAction = Schemas['DeviceAction'];
export type DeleteDevicesResult = Schemas['DeleteDevicesResult'];
export type SignOutResult = Schemas['SignOutResult'];
export type Verification = Schemas['Verification'];
export type VerificationState = Schemas['VerificationState'];
export type Platform = Schemas['Platform'];
export type MobileAuthentication = Schemas['MobileAuthentication'];
export type Event = Schemas['Event'];
export type EventSource = Schemas['EventSource'];
export type EventsPage = Schemas['EventsPage'];
export type Person = Schemas['Person'];
export type Email = Schemas['Email'];
export type Phone = Schemas['Phone'];
export type UserProfile = Schemas['UserProfile'];
export type UserSummary = Schemas['UserSummary'];
export type UserSearchResults = Schemas['UserSearchResults'];
export type Unavailable = Schemas['Unavailable'];
export type SourceName = Schemas['SourceName'];
export type AuditAction = Schemas['AuditAction'];
export type AuditOutcome = Schemas['AuditOutcome'];
export type AuditRecord = Schemas['AuditRecord'];
export type AuditChain = Schemas['AuditChain'];
export type AuditPage = Schemas['AuditPage'];

export type Session = Schemas['Session'];
export type LoginOptions = Schemas['LoginOptions'];
export type LoginRequest = Schemas['LoginRequest'];
