import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as Y from "yjs";
import { resetEnvCache } from "../../server/env";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/db/embedded";
import { applyMigrations } from "../../server/db/migrate";
import { createDb, type Db } from "../../server/db/client";
import { seedDemoIfEmpty } from "../../server/services/demo/seed-demo";
import { createDraft } from "../../server/services/drafts/create-draft";
import { appendUpdate, compactDraft, loadDocState } from "../../server/services/drafts/doc-store";
import { DOC_FIELD } from "./editing-client";

// Loading a draft while another writer compacts it must still see every committed update.
// One task appends updates (a paragraph each) and compacts every 20; another loads the
// draft in a loop with loadDocState and checks that everything committed before the load
// began is there. Before loadDocState read the log before the snapshot, a compaction that
// committed between its two (parallel) reads left the folded rows in neither.
//
//   npx tsx scripts/durability/load-race.ts [--seconds 10]

const { values: args } = parseArgs({ options: { seconds: { type: "string", default: "10" } } });
const seconds = Number(args.seconds);

const tmp = mkdtempSync(path.join(tmpdir(), "xieshen-load-race-"));
chmodSync(tmp, 0o755); // embedded PostgreSQL runs as `postgres` when we are root
let pg: EmbeddedDatabase | null = null;
let db: Db | null = null;
let exitCode = 1;
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
try {
  pg = await startEmbeddedPostgres({ dataDir: path.join(tmp, "pg") });
  process.env.DATABASE_URL = pg.url;
  resetEnvCache();
  await applyMigrations(pg.url);
  db = createDb(pg.url);
  await seedDemoIfEmpty({ db });
  const owner = await db.user.findUniqueOrThrow({
    where: { username: "zhaolixin" },
    select: { id: true, role: true, disabled: true, memberships: { select: { committeeId: true, role: true } } },
  });
  const committeeId = owner.memberships.find((m) => m.role === "HEAD")!.committeeId;
  const draft = await createDraft({ db, actor: owner, meta: {}, input: { title: "load race", kind: "SPEECH", committeeId } });
  const draftId = draft.id;
  const store = db;

  const writerDoc = new Y.Doc();
  Y.applyUpdate(writerDoc, (await loadDocState({ db, draftId })).state);
  const baseline = writerDoc.getXmlFragment(DOC_FIELD).length;
  let committed = 0;
  let loads = 0;
  const misses: string[] = [];
  const stopAt = Date.now() + seconds * 1000;

  const writer = async () => {
    while (Date.now() < stopAt) {
      let update: Uint8Array | null = null;
      const take = (u: Uint8Array) => (update = u);
      writerDoc.on("update", take);
      writerDoc.transact(() => {
        const p = new Y.XmlElement("paragraph");
        writerDoc.getXmlFragment(DOC_FIELD).push([p]);
        const t = new Y.XmlText();
        p.insert(0, [t]);
        t.insert(0, `row-${committed}`);
      });
      writerDoc.off("update", take);
      await appendUpdate({ db: store, draftId, update: update!, userId: null });
      committed += 1;
      if (committed % 20 === 0) await compactDraft({ db: store, draftId });
    }
  };
  const reader = async () => {
    while (Date.now() < stopAt) {
      const before = committed; // all of these are committed: appendUpdate has returned
      const { state } = await loadDocState({ db: store, draftId });
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      const seen = doc.getXmlFragment(DOC_FIELD).length - baseline;
      doc.destroy();
      loads += 1;
      if (seen < before) misses.push(`a load saw ${seen} paragraphs; ${before} were committed before it began`);
    }
  };
  await Promise.all([writer(), reader()]);
  console.log(`${committed} updates appended (compacted every 20), ${loads} concurrent loads`);
  for (const m of misses.slice(0, 10)) console.log(`  MISSED: ${m}`);
  console.log(`loads missing committed updates: ${misses.length}`);
  exitCode = misses.length === 0 && loads > 0 ? 0 : 1;
  console.log(exitCode === 0 ? "PASS" : "FAIL");
} catch (e) {
  console.error(e);
} finally {
  await db?.$disconnect().catch(() => {});
  await pg?.stop().catch(() => {});
}
process.exit(exitCode);
