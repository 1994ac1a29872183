import { connection } from "next/server";
import { notFound } from "next/navigation";

// A second baseline of `npm run bench:pages --only shell` (bench/pages.ts): the signed-in
// layout (session, unread count, header) around one element, so a page's cost splits into the
// shell's and its own. Served only with BENCH_PAGES=1, like /bench/bare.
export default async function ShellBenchPage() {
  await connection();
  if (process.env.BENCH_PAGES !== "1") notFound();
  return <p>shell</p>;
}
