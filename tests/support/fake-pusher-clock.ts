/**
 * Per-test lifecycle for hook and component tests on the fake pusher-js with
 * fake timers: a fresh FakePusher list before each test; after it, unmount and
 * run the timers, so the provider's deferred release disconnects its client
 * and no client outlives its test.
 */
import { cleanup } from "@testing-library/react";
import { afterEach, beforeEach, vi } from "vitest";

import { FakePusher } from "./fake-pusher";

/** Registers the beforeEach/afterEach pair in the calling describe block. */
export function useFakePusherWithFakeTimers(): void {
  beforeEach(() => {
    FakePusher.instances = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    cleanup();
    vi.runAllTimers();
    vi.useRealTimers();
  });
}
