"use client";

import { Fragment } from "react";
import { parseCommentText } from "@/lib/comments/text";

/**
 * A comment's body as React text nodes, mention chips and safe links (parseCommentText):
 * never HTML, so `<img onerror>` and the like show as the characters they are. Links open
 * in a new tab without the opener and are marked as user content.
 */
export function CommentText({ body }: { body: string }) {
  return (
    <p className="whitespace-pre-wrap break-words text-sm leading-relaxed" data-comment-body>
      {parseCommentText(body).map((seg, i) => (
        <Fragment key={i}>
          {seg.type === "text" ? (
            seg.text
          ) : seg.type === "mention" ? (
            <span className="rounded bg-brand-50 px-0.5 font-medium text-brand-800" data-mention={seg.userId}>
              @{seg.name}
            </span>
          ) : (
            <a href={seg.href} target="_blank" rel="noopener noreferrer nofollow ugc" className="break-all text-brand-700 underline">
              {seg.text}
            </a>
          )}
        </Fragment>
      ))}
    </p>
  );
}
