import { readFileSync } from "node:fs";
import { Server } from "@hocuspocus/server";
import * as Y from "yjs";

// The baseline: bare Hocuspocus (the same 4.7 the portal uses), in memory, no extensions —
// no tickets, no policy, no validation, no durable log, no derived data. Every document it
// serves starts from the state in the file given (the portal's draft at that moment).
//
//   node --import tsx bench/bare-server.ts <port> <state-file>

const port = Number(process.argv[2]);
const state = new Uint8Array(readFileSync(process.argv[3]!));
const server = new Server({
  port,
  address: "127.0.0.1",
  quiet: true,
  async onLoadDocument({ document }) {
    Y.applyUpdate(document, state);
    return document;
  },
});
await server.listen();
process.stdout.write(`BARE_READY ${port}\n`);
for (const s of ["SIGTERM", "SIGINT"] as const) process.on(s, () => void server.destroy().finally(() => process.exit(0)));
