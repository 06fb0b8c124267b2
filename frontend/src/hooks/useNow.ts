import { useSyncExternalStore } from 'react';

/** One shared clock per tick length, so every relative time on the page moves together. */
interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
  subscribe: (listener: () => void) => () => void;
  snapshot: () => number;
}

const clocks = new Map<number, Clock>();

function clockOf(tickMs: number): Clock {
  const existing = clocks.get(tickMs);
  if (existing) return existing;
  const clock: Clock = {
    now: Date.now(),
    listeners: new Set(),
    timer: undefined,
    subscribe(listener) {
      clock.listeners.add(listener);
      if (!clock.timer) {
        clock.now = Date.now();
        clock.timer = setInterval(() => {
          clock.now = Date.now();
          for (const l of clock.listeners) l();
        }, tickMs);
      }
      return () => {
        clock.listeners.delete(listener);
        if (clock.listeners.size === 0 && clock.timer) {
          clearInterval(clock.timer);
          clock.timer = undefined;
        }
      };
    },
    snapshot: () => clock.now,
  };
  clocks.set(tickMs, clock);
  return clock;
}

/**
 * The current time in ms, refreshed every `tickMs` (30 seconds by default: relative times; a
 * countdown asks for every second).
 */
export function useNow(tickMs = 30_000): number {
  const clock = clockOf(tickMs);
  return useSyncExternalStore(clock.subscribe, clock.snapshot, clock.snapshot);
}
