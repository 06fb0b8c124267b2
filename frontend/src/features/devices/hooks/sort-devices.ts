import type { Device } from '../../../api/types';

function usedAt(device: Device): number {
  const time = device.lastUsedAt ? Date.parse(device.lastUsedAt) : NaN;
  return Number.isNaN(time) ? -Infinity : time;
}

/** Most recently used first; never used (or unknown) last; otherwise as the server sent them. */
export function sortDevices(devices: readonly Device[]): Device[] {
  return devices
    .map((device, index) => ({ device, index }))
    .sort((a, b) => usedAt(b.device) - usedAt(a.device) || a.index - b.index)
    .map(({ device }) => device);
}
