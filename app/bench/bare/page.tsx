import { connection } from "next/server";
import { notFound } from "next/navigation";

// The baseline of `npm run bench:pages` (bench/pages.ts): a dynamic page of the same build
// that does nothing but render per request. Only a server started with BENCH_PAGES=1 serves
// it; everywhere else it is the ordinary 404.
export default async function BareBenchPage() {
  await connection();
  if (process.env.BENCH_PAGES !== "1") notFound();
  return <p>bare</p>;
}
