import { useSyncExternalStore } from 'react';

// One shared clock for every relative time on the page, ticking twice a minute.
const TICK_MS = 30_000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

function snapshot() {
  return now;
}

/** The current time in ms, refreshed every 30 seconds. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}
