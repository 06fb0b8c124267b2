// Every test gets its own seeded person, so no test sees another's deletions. The choice is made
// from the seed order and the seeded device counts, read once before any test changed anything
// (run.sh calls `snapshot`), so it is the same whichever tests run.
import { readFile, writeFile } from 'node:fs/promises';

import { type SimPerson, simPersons } from './sim.js';

const FILE = process.env.CS_PERSONS_FILE ?? new URL('../persons.json', import.meta.url).pathname;

interface Snapshot {
  persons: SimPerson[];
}

export async function snapshot(): Promise<void> {
  const persons = await simPersons(1000);
  await writeFile(FILE, JSON.stringify({ persons } satisfies Snapshot));
}

async function load(): Promise<SimPerson[]> {
  try {
    return (JSON.parse(await readFile(FILE, 'utf8')) as Snapshot).persons;
  } catch {
    await snapshot();
    return load();
  }
}

const key = (email: string) => email.toLowerCase();

/** Which test uses which person; each name takes the next free one. */
export type Role =
  | 'deleteFlow'
  | 'notRemoved'
  | 'keyboard'
  | 'viewer'
  | 'dutch'
  | 'expiry'
  | 'unavailable'
  | 'login'
  | 'offline'
  | 'sso'
  | 'deviceActions'
  | 'bulkDelete'
  | 'signOut'
  | 'dutchActions'
  | 'verifyCaller'
  | 'dutchVerify'
  | 'keyboardDialogs'
  | 'keyboardVerify';

const ROLES: Role[] = [
  'deleteFlow',
  'notRemoved',
  'keyboard',
  'viewer',
  'dutch',
  'expiry',
  'unavailable',
  'login',
  'offline',
  'sso',
  'deviceActions',
  'bulkDelete',
  'signOut',
  'dutchActions',
  'verifyCaller',
  'dutchVerify',
  'keyboardDialogs',
  'keyboardVerify',
];

export interface Person {
  id: string;
  displayName: string;
  email: string;
  devices: number;
}

async function owners(): Promise<{ persons: SimPerson[]; byEmail: Map<string, SimPerson[]> }> {
  const persons = await load();
  const byEmail = new Map<string, SimPerson[]>();
  for (const p of persons) {
    for (const e of new Set(p.emails.map(key))) byEmail.set(e, [...(byEmail.get(e) ?? []), p]);
  }
  return { persons, byEmail };
}

/** A person with at least two devices whose first address is theirs alone (search opens the profile). */
export async function personFor(role: Role): Promise<Person> {
  const { persons, byEmail } = await owners();
  const withDevices = persons.filter((p) => p.devices > 0);
  // The first two with devices hold the hostile and the 200-character device names.
  const eligible = withDevices.slice(2).filter((p) => {
    const first = p.emails[0];
    return p.devices >= 2 && first !== undefined && byEmail.get(key(first))?.length === 1;
  });
  const person = eligible[ROLES.indexOf(role)];
  if (!person) throw new Error(`no seeded person left for ${role}`);
  return { id: person.id, displayName: person.displayName, email: person.emails[0]!, devices: person.devices };
}

/** The first seeded person with devices: one of them is named <img src=x onerror=alert(1)>. */
export async function hostilePerson(): Promise<Person> {
  return nth(0);
}

/** The second: one device has a 200-character name. */
export async function longNamePerson(): Promise<Person> {
  return nth(1);
}

async function nth(index: number): Promise<Person> {
  const { persons } = await owners();
  const p = persons.filter((x) => x.devices > 0)[index];
  if (!p || !p.emails[0]) throw new Error('the seed has fewer persons with devices than expected');
  return { id: p.id, displayName: p.displayName, email: p.emails[0], devices: p.devices };
}

/** An address two or more persons share: the search lists them. */
export async function sharedEmail(): Promise<string> {
  const { byEmail } = await owners();
  for (const [email, people] of byEmail) if (people.length > 1) return email;
  throw new Error('the seed has no shared e-mail address');
}
