import { describe, expect, it } from "vitest";
import { slowdownMs, SLOWDOWN_MAX_MS } from "./throttle";

describe("the account's slow-down (failures from all addresses together)", () => {
  it("starts at the per-address limit, doubles, and stops at a few seconds", () => {
    expect([0, 9, 10, 11, 12, 13, 14, 100, 10_000].map((f) => slowdownMs(f, 10))).toEqual([0, 0, 250, 500, 1000, 2000, 3000, 3000, 3000]);
    expect(SLOWDOWN_MAX_MS).toBe(3000);
  });
});
