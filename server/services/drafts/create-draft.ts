import type { JSONContent } from "@tiptap/core";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { AppError } from "../../errors";
import type { Actor } from "../../policy";
import { draftPolicy } from "../../policy/drafts";
import { recordAuditEvent, type AuditMeta } from "../audit/record-audit-event";
import type { ZDraftMeta } from "@/lib/schemas/draft";
import { DRAFT_LIMITS } from "@/lib/schemas/draft";
import { emptyDoc, yStateFromJson } from "./content";
import { refreshDerivedData, textLengthOfDoc } from "./derived-outline";
import * as Y from "yjs";

export interface CreateDraftOptions {
  db: Db;
  actor: Actor;
  meta?: AuditMeta;
  input: z.output<typeof ZDraftMeta>;
  /** Initial content (ProseMirror JSON), e.g. from an import; blank when omitted. */
  content?: JSONContent;
  source?: "blank" | "import" | "demo";
}

export async function createDraft(o: CreateDraftOptions) {
  if (!draftPolicy.create(o.actor, o.input.committeeId)) throw new AppError("FORBIDDEN", "cannotCreateDraft");
  const state = yStateFromJson(o.content ?? emptyDoc());
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, state);
  const textLength = textLengthOfDoc(ydoc);
  if (textLength > DRAFT_LIMITS.maxChars) {
    ydoc.destroy();
    throw new AppError("PAYLOAD_TOO_LARGE", "draftTooLong", { max: DRAFT_LIMITS.maxChars });
  }
  return o.db.$transaction(async (tx) => {
    const committee = await tx.committee.findUnique({ where: { id: o.input.committeeId }, select: { id: true } });
    if (!committee) throw new AppError("BAD_REQUEST", "unknownCommittee");
    const draft = await tx.draft.create({
      data: {
        title: o.input.title,
        kind: o.input.kind,
        committeeId: o.input.committeeId,
        ownerId: o.actor.id,
        meetingDate: o.input.meetingDate ? new Date(`${o.input.meetingDate}T00:00:00Z`) : null,
        deadline: o.input.deadline ? new Date(o.input.deadline) : null,
        textLength,
        snapshot: { create: { state: Buffer.from(state), lastUpdateId: 0n } },
      },
    });
    await refreshDerivedData({ tx, draftId: draft.id, doc: ydoc });
    await recordAuditEvent({
      tx, actorId: o.actor.id, type: "draft.created", target: { type: "Draft", id: draft.id },
      data: { title: draft.title, committeeId: draft.committeeId, source: o.source ?? "blank" }, meta: o.meta,
    });
    return draft;
  }, { timeout: 30_000 }).finally(() => ydoc.destroy());
}
