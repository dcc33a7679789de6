import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import { drizzle } from "drizzle-orm/libsql";
import { afterAll, describe, expect, it } from "vitest";
import { migrateLibsql } from "../../scripts/lib/libsql-migrate.mjs";
import { HistoryRepository } from "../../src/db/history";
import { historySpec } from "../support/history-spec";

/**
 * The shared history spec against libSQL: a database file migrated by the code behind
 * `npm run db:migrate:libsql`, read and written through @libsql/client and drizzle's libSQL
 * driver. (A libSQL server, sqld or Turso, is not run here: see the README.)
 */
const dir = mkdtempSync(path.join(tmpdir(), "history-libsql-"));
const client = createClient({ url: `file:${path.join(dir, "history.db")}` });
afterAll(() => {
	client.close();
	rmSync(dir, { recursive: true, force: true });
});

describe("npm run db:migrate:libsql", () => {
	it("applies every migration once, and nothing on a second run", async () => {
		const applied = await migrateLibsql(client);
		expect(applied.length).toBeGreaterThan(0);
		expect(applied).toEqual([...applied].sort());
		expect(await migrateLibsql(client)).toEqual([]);
		const tables = (await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map(
			(row) => row.name,
		);
		expect(tables).toEqual(
			expect.arrayContaining(["bookings", "dead_events", "d1_migrations", "services_fee_rules"]),
		);
	});
});

historySpec("libSQL", () => new HistoryRepository(drizzle(client)));
