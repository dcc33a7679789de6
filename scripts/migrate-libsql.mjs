// `npm run db:migrate:libsql`: applies migrations/*.sql to the libSQL/Turso database named by
// HISTORY_DB_URL (libsql://, https://, or file: for a local file), authenticated with
// HISTORY_DB_AUTH_TOKEN. Each migration is applied once (tracked in d1_migrations, as D1 does).
import { createClient } from "@libsql/client";
import { migrateLibsql } from "./lib/libsql-migrate.mjs";

const url = process.env.HISTORY_DB_URL;
if (!url) {
	console.error(
		"HISTORY_DB_URL is not set: e.g. HISTORY_DB_URL=libsql://<db>-<org>.turso.io HISTORY_DB_AUTH_TOKEN=... npm run db:migrate:libsql",
	);
	process.exit(2);
}
const client = createClient({ url, authToken: process.env.HISTORY_DB_AUTH_TOKEN || undefined });
try {
	const applied = await migrateLibsql(client, { log: (message) => console.log(`[libsql] ${message}`) });
	console.log(`[libsql] ${applied.length === 0 ? "up to date" : `${applied.length} migration(s) applied`}`);
} catch (error) {
	console.error(`[libsql] migration failed: ${error.message}`);
	process.exitCode = 1;
} finally {
	client.close();
}
