import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { AppError } from "../../errors";
import { fixPdfToUnicode } from "./pdf-unicode";

// HTML → PDF by headless Chromium's print (`--print-to-pdf`), spawned as a child process: the
// work happens off our event loop, a deadline kills the whole process group, and each run has
// a fresh temporary profile and folder that are removed afterwards. No new dependency.
//
// What it prints is our own HTML (official-html.ts): escaped text, no script, a CSP that
// allows no script and nothing to load. Chromium is told to stay off the network (background
// services, component updates, sync, QUIC) and keeps no profile. (Turning scripts off with
// --blink-settings=scriptEnabled=false makes headless print nothing, so the CSP does it.)
//
// The text layer is then corrected (pdf-unicode.ts: ideographs Chromium names by their
// look-alike radicals), so copying and searching the PDF find what the page shows.
//
// One PDF at a time (Chromium takes a few hundred MB and most of a core); a few may wait,
// more are refused with 503 and a message to try again shortly.

export const PDF_LIMITS = {
  /** Kill Chromium after this long. */
  timeoutMs: 45_000,
  /** Runs at once. */
  concurrency: 1,
  /** Requests allowed to wait for a free slot; more are refused (pdfBusy). */
  maxWaiting: 4,
  /** A larger output is not a document of ours. */
  maxBytes: 50 * 1024 * 1024,
} as const;

export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--disable-extensions",
  "--disable-default-apps",
  "--no-first-run",
  "--no-default-browser-check",
  "--mute-audio",
  "--no-pdf-header-footer",
] as const;

let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(work: () => Promise<T>, concurrency: number, maxWaiting: number): Promise<T> {
  if (running >= concurrency) {
    if (waiting.length >= maxWaiting) throw new AppError("SERVICE_UNAVAILABLE", "signoff.export.pdfBusy");
    // A finishing run hands its slot over (running stays counted), so no newcomer slips in between.
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export interface PdfOptions {
  /** Path of the Chromium executable (CHROMIUM_PATH, /usr/bin/chromium by default). */
  chromium: string;
  timeoutMs?: number;
  concurrency?: number;
  maxWaiting?: number;
}

/** Runs Chromium once; resolves with its exit code, or rejects on timeout (the process group is killed). */
function runChromium(executable: string, args: string[], o: { timeoutMs: number; home: string }): Promise<{ code: number | null; stderr: string }> {
  const { timeoutMs } = o;
  return new Promise((resolve, reject) => {
    // Its own process group, so the deadline ends the browser's helpers too; HOME in the
    // temporary folder, so caches it writes go away with it.
    const child = spawn(executable, args, { detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, HOME: o.home } });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => {
      stderr = (stderr + d).slice(-4000);
    });
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`chromium: no PDF after ${timeoutMs} ms`));
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      kill(); // helpers left behind by a crash
      resolve({ code, stderr });
    });
  });
}

/** The PDF of an HTML page. AppError SERVICE_UNAVAILABLE when Chromium is missing or busy, INTERNAL_SERVER_ERROR when it fails. */
export async function htmlToPdf(html: string, o: PdfOptions): Promise<Buffer> {
  // The slot is taken (or refused) synchronously, in call order: an await before it would let
  // a later request overtake an earlier one.
  return slot(
    async () => {
      try {
        await access(o.chromium, constants.X_OK);
      } catch {
        throw new AppError("SERVICE_UNAVAILABLE", "signoff.export.pdfUnavailable");
      }
      const dir = await mkdtemp(join(tmpdir(), "xieshen-pdf-"));
      try {
        const page = join(dir, "document.html");
        const out = join(dir, "document.pdf");
        await writeFile(page, html, "utf8");
        const args = [...CHROMIUM_FLAGS, `--user-data-dir=${join(dir, "profile")}`, `--print-to-pdf=${out}`, pathToFileURL(page).href];
        let result: { code: number | null; stderr: string };
        try {
          result = await runChromium(o.chromium, args, { timeoutMs: o.timeoutMs ?? PDF_LIMITS.timeoutMs, home: dir });
        } catch (e) {
          console.error("[export] chromium failed:", e instanceof Error ? e.message : e);
          throw new AppError("INTERNAL_SERVER_ERROR", "signoff.export.pdfFailed");
        }
        const pdf = await readFile(out).catch(() => null);
        if (!pdf || pdf.length < 8 || pdf.length > PDF_LIMITS.maxBytes || pdf.subarray(0, 5).toString("latin1") !== "%PDF-") {
          console.error(`[export] chromium exited ${result.code} without a PDF: ${result.stderr.trim().split("\n").slice(-5).join(" | ")}`);
          throw new AppError("INTERNAL_SERVER_ERROR", "signoff.export.pdfFailed");
        }
        try {
          return fixPdfToUnicode(pdf);
        } catch (e) {
          console.error("[export] text layer left as Chromium wrote it:", e instanceof Error ? e.message : e);
          return pdf;
        }
      } finally {
        await rm(dir, { recursive: true, force: true }).catch(() => {});
      }
    },
    o.concurrency ?? PDF_LIMITS.concurrency,
    o.maxWaiting ?? PDF_LIMITS.maxWaiting,
  );
}
