/** Time and timers, injected so tests can move time forward instead of waiting for it. */
export interface Clock {
  now (): Date
  setTimeout (callback: () => void, ms: number): unknown
  clearTimeout (handle: unknown): void
}

export const systemClock: Clock = {
  now: () => new Date(),
  // unref: a pending reload or schedule must not keep a finished process alive.
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout)
}

// Node's timers overflow past 2^31 - 1 ms (about 24.8 days) and fire at once; longer waits are
// made of shorter ones.
export const LONGEST_TIMER_MS = 2 ** 31 - 1
