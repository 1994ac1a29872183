import { describe, expect, it } from "vitest";
import { COMMENT_LIMITS } from "@/lib/comments/text";
import { ZCommentBody } from "./comments";

// The comment form counts characters as a reader does (Array.from: code points); the server
// must count the same way, or a comment the counter shows as within 5,000 is refused. (Zod 4's
// string .max() counts code points; this keeps it so.)

describe("ZCommentBody counts characters as the form does", () => {
  const max = COMMENT_LIMITS.maxChars;

  it("accepts 5,000 characters outside the BMP (each two UTF-16 units), refuses 5,001", () => {
    expect(ZCommentBody.safeParse("𠀀".repeat(max)).success).toBe(true);
    expect(ZCommentBody.safeParse("𠀀".repeat(max - 1) + "😀").success).toBe(true);
    const over = ZCommentBody.safeParse("𠀀".repeat(max + 1));
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.message).toBe("comments.validation.tooLong");
  });

  it("accepts 5,000 ordinary characters, refuses 5,001 and an empty one", () => {
    expect(ZCommentBody.safeParse("意".repeat(max)).success).toBe(true);
    expect(ZCommentBody.safeParse("意".repeat(max + 1)).error?.issues[0]?.message).toBe("comments.validation.tooLong");
    expect(ZCommentBody.safeParse("   ").error?.issues[0]?.message).toBe("comments.validation.empty");
  });
});
