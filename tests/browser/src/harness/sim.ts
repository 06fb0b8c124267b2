// The simulator's test controls: seeded persons and fault injection.
import { env } from './env.js';

export interface SimPerson {
  id: string;
  displayName: string;
  emails: string[];
  devices: number;
}

export async function simPersons(limit: number): Promise<SimPerson[]> {
  const response = await fetch(`${env.simUrl}/_sim/persons?limit=${limit}`);
  if (!response.ok) throw new Error(`/_sim/persons answered ${response.status}`);
  return (await response.json()) as SimPerson[];
}

export interface FaultRule {
  route: string;
  error_status?: number;
  silent_delete_failure?: boolean;
  latency_ms?: number;
}

export async function setFaults(rules: FaultRule[]): Promise<void> {
  const response = await fetch(`${env.simUrl}/_sim/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  if (!response.ok) throw new Error(`/_sim/faults answered ${response.status}: ${await response.text()}`);
}

export async function clearFaults(): Promise<void> {
  await fetch(`${env.simUrl}/_sim/faults`, { method: 'DELETE' });
}
