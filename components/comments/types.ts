import type { RouterOutputs } from "@/components/ui/router-types";

// What the margin works with: comments.list's answer (issue #8 contract).
export type CommentList = RouterOutputs["comments"]["list"];
export type ThreadView = CommentList["threads"][number];
export type CommentView = ThreadView["comments"][number];
export type Disposition = NonNullable<ThreadView["disposition"]>;
export type MentionCandidate = RouterOutputs["comments"]["mentionCandidates"][number];
