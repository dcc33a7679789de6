import { DurableObject } from "cloudflare:workers";
import { generateSigningKey, type SigningKey } from "./keys";

/**
 * Responsibilities: owns the identity provider's one signing key. The key is generated on
 * first use and kept in SQLite, so tokens minted before a restart still verify.
 * A single instance (idFromName) serialises first use, so two racing requests get one key.
 */
export class IdentityKeysDO extends DurableObject<Env> {
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		ctx.storage.sql.exec(
			`CREATE TABLE IF NOT EXISTS signing_keys (
				kid TEXT PRIMARY KEY,
				key_json TEXT NOT NULL,
				created_at TEXT NOT NULL
			)`,
		);
	}

	async signingKey(): Promise<SigningKey> {
		const existing = this.load();
		if (existing) return existing;
		// Key generation awaits WebCrypto, which does not close the input gate: without this
		// block a second first-request could interleave and generate a second key.
		return this.ctx.blockConcurrencyWhile(async () => {
			const raced = this.load();
			if (raced) return raced;
			const key = await generateSigningKey();
			this.ctx.storage.sql.exec(
				"INSERT INTO signing_keys (kid, key_json, created_at) VALUES (?, ?, ?)",
				key.kid,
				JSON.stringify(key),
				new Date().toISOString(),
			);
			return key;
		});
	}

	private load(): SigningKey | undefined {
		const rows = this.ctx.storage.sql
			.exec<{ key_json: string }>("SELECT key_json FROM signing_keys ORDER BY created_at LIMIT 1")
			.toArray();
		const row = rows[0];
		return row ? (JSON.parse(row.key_json) as SigningKey) : undefined;
	}
}
