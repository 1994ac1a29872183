import { tmpdir } from "node:os";
import path from "node:path";

/** The e2e server's data, as e2e/support/server.ts writes it: its DATA_DIR and, with an external PostgreSQL, its database. */
export interface E2eServerInfo {
  dataDir: string;
  databaseUrl: string | null;
}

export const e2eServerInfoFile = (port: string) => path.join(tmpdir(), `xieshen-e2e-server-${port}.json`);
