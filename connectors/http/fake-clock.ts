// Test support: a clock whose sleep advances time at once, so limiter and retry tests never wait.
import type { Now, Sleep } from "./clock";

export interface FakeClock {
  now: Now;
  sleep: Sleep;
  /** Every sleep requested, in ms, in order. */
  slept: number[];
  advance(ms: number): void;
}

export function fakeClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      slept.push(ms);
      t += ms;
    },
    slept,
    advance: (ms) => {
      t += ms;
    },
  };
}
