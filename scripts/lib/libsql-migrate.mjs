// Applies migrations/*.sql to a libSQL database, in name order, each once: what
// `wrangler d1 migrations apply` does for D1, with the same bookkeeping table (d1_migrations:
// id, name, applied_at), so one history schema serves both stores.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export const MIGRATIONS_DIR = path.join(import.meta.dirname, "..", "..", "migrations");

/**
 * Applies what `client` (an @libsql/client Client) has not had yet; resolves with the names
 * applied now. Each migration and its bookkeeping row go in one batch: all or nothing.
 */
export async function migrateLibsql(client, { dir = MIGRATIONS_DIR, log = () => {} } = {}) {
	await client.execute(
		"CREATE TABLE IF NOT EXISTS d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)",
	);
	const done = new Set(
		(await client.execute("SELECT name FROM d1_migrations")).rows.map((row) => String(row.name)),
	);
	const files = (await readdir(dir)).filter((name) => /^\d{4}_.+\.sql$/.test(name)).sort();
	const applied = [];
	for (const file of files) {
		if (done.has(file)) continue;
		const sql = await readFile(path.join(dir, file), "utf8");
		await client.batch(
			[...statements(sql), { sql: "INSERT INTO d1_migrations (name) VALUES (?)", args: [file] }],
			"write",
		);
		applied.push(file);
		log(`applied ${file}`);
	}
	return applied;
}

/**
 * The statements of a migration file: split on semicolons outside quotes and comments (the
 * migrations hold no triggers or BEGIN...END blocks, which would need a real parser).
 */
export function statements(sql) {
	const out = [];
	let current = "";
	let quote;
	for (let i = 0; i < sql.length; i++) {
		const ch = sql[i];
		if (quote) {
			current += ch;
			if (ch === quote) quote = undefined;
		} else if (ch === "'" || ch === '"') {
			quote = ch;
			current += ch;
		} else if (ch === "-" && sql[i + 1] === "-") {
			while (i < sql.length && sql[i] !== "\n") i++;
			current += "\n";
		} else if (ch === ";") {
			if (current.trim()) out.push(current.trim());
			current = "";
		} else {
			current += ch;
		}
	}
	if (current.trim()) out.push(current.trim());
	return out;
}
