import { describe, expect, it } from "vitest";
import { draftPolicy, draftRole, type DraftAccessFacts } from "./drafts";
import type { Actor } from "./index";

const committee = "c1";
const draft = (o: Partial<DraftAccessFacts> = {}): DraftAccessFacts => ({
  ownerId: "owner", committeeId: committee, status: "DRAFTING", explicitRole: null, ...o,
});
const actor = (o: Partial<Actor> = {}): Actor => ({ id: "u", role: "MEMBER", disabled: false, memberships: [], ...o });

describe("draft roles", () => {
  it("gives the committee's head and deputy head edit, its members comment", () => {
    expect(draftRole(actor({ memberships: [{ committeeId: committee, role: "HEAD" }] }), draft())).toBe("EDITOR");
    expect(draftRole(actor({ memberships: [{ committeeId: committee, role: "DEPUTY_HEAD" }] }), draft())).toBe("EDITOR");
    expect(draftRole(actor({ memberships: [{ committeeId: committee, role: "MEMBER" }] }), draft())).toBe("COMMENTER");
  });

  it("lets leadership and the secretariat read every draft", () => {
    for (const role of ["CHAIR", "VICE_CHAIR", "ADMIN"] as const) expect(draftRole(actor({ role }), draft())).toBe("VIEWER");
  });

  it("hides a draft from members of other committees", () => {
    expect(draftRole(actor({ memberships: [{ committeeId: "other", role: "HEAD" }] }), draft())).toBeNull();
  });

  it("lets an explicit role win over the committee default, but never over ownership", () => {
    const member = actor({ memberships: [{ committeeId: committee, role: "MEMBER" }] });
    expect(draftRole(member, draft({ explicitRole: "EDITOR" }))).toBe("EDITOR");
    expect(draftRole(member, draft({ explicitRole: "VIEWER" }))).toBe("VIEWER");
    expect(draftRole(actor({ id: "owner" }), draft({ explicitRole: "VIEWER" }))).toBe("OWNER");
  });

  it("refuses disabled and anonymous actors", () => {
    expect(draftRole(null, draft())).toBeNull();
    expect(draftRole(actor({ id: "owner", disabled: true }), draft())).toBeNull();
  });

  it("makes a final version read-only for everyone", () => {
    expect(draftPolicy.edit("OWNER", "FINAL")).toBe(false);
    expect(draftPolicy.edit("EDITOR", "DRAFTING")).toBe(true);
    expect(draftPolicy.edit("COMMENTER", "DRAFTING")).toBe(false);
  });

  it("lets heads, deputy heads and the secretariat create drafts, nobody else", () => {
    expect(draftPolicy.create(actor({ role: "ADMIN" }), "any")).toBe(true);
    expect(draftPolicy.create(actor({ memberships: [{ committeeId: committee, role: "DEPUTY_HEAD" }] }), committee)).toBe(true);
    expect(draftPolicy.create(actor({ memberships: [{ committeeId: committee, role: "MEMBER" }] }), committee)).toBe(false);
    expect(draftPolicy.create(actor({ role: "CHAIR" }), committee)).toBe(false);
  });
});
