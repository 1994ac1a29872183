import { Forbidden, MessageTooBig, ResetConnection, Unauthorized, ConnectionTimeout } from "@hocuspocus/common";
import { describe, expect, it } from "vitest";
import { CLOSE } from "./protocol";

// A close code tells a client (and a log reader) what happened without the reason text: ours
// must not read as one of Hocuspocus's own, except where they mean the same thing.

describe("close codes", () => {
  it("are distinct from each other and from Hocuspocus's (ACCESS_REVOKED is its Forbidden)", () => {
    const ours = Object.values(CLOSE).map((c) => c.code);
    expect(new Set(ours).size).toBe(ours.length);
    const theirs = [ResetConnection, Unauthorized, ConnectionTimeout, MessageTooBig].map((c) => c.code);
    for (const c of Object.values(CLOSE)) expect(theirs, c.reason).not.toContain(c.code);
    expect(CLOSE.ACCESS_REVOKED.code).toBe(Forbidden.code);
  });
});
