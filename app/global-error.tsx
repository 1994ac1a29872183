"use client";

// Rendered when the root layout itself fails, outside the intl provider: both languages inline.
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="zh-CN">
      <body style={{ fontFamily: "system-ui, sans-serif", textAlign: "center", padding: "4rem 1rem" }}>
        <h1>出错了 · Something went wrong</h1>
        <p>发生了意外错误，请稍后再试。An unexpected error occurred; please try again.</p>
        <button type="button" onClick={reset}>重试 · Try again</button>
      </body>
    </html>
  );
}
