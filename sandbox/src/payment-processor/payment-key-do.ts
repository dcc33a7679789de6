import { DurableObject } from "cloudflare:workers";

export type Claim =
	| { ok: true; paymentId: string; createdAt: string }
	| { ok: false; code: "IDEMPOTENCY_KEY_REUSED"; paymentId: string };

/**
 * Responsibilities: the index from one payment idempotency key to the payment it created, with
 * the fingerprint of the request that created it. One instance per key (idFromName), so two
 * racing creates with one key are serialised and get one payment id. The claim is written
 * before the payment exists: a create that dies in between is finished by its retry.
 */
export class PaymentKeyDO extends DurableObject<Env> {
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		ctx.storage.sql.exec(
			`CREATE TABLE IF NOT EXISTS claim (
				idempotency_key TEXT PRIMARY KEY,
				fingerprint TEXT NOT NULL,
				payment_id TEXT NOT NULL,
				created_at TEXT NOT NULL
			)`,
		);
	}

	/** Records `candidate` for the key, or returns what the key already points to. */
	claim(key: string, fingerprint: string, candidate: { paymentId: string; createdAt: string }): Claim {
		const sql = this.ctx.storage.sql;
		const existing = sql
			.exec<{ fingerprint: string; payment_id: string; created_at: string }>(
				"SELECT fingerprint, payment_id, created_at FROM claim WHERE idempotency_key = ?",
				key,
			)
			.toArray()[0];
		if (existing) {
			if (existing.fingerprint !== fingerprint) {
				return { ok: false, code: "IDEMPOTENCY_KEY_REUSED", paymentId: existing.payment_id };
			}
			return { ok: true, paymentId: existing.payment_id, createdAt: existing.created_at };
		}
		sql.exec(
			"INSERT INTO claim (idempotency_key, fingerprint, payment_id, created_at) VALUES (?, ?, ?, ?)",
			key,
			fingerprint,
			candidate.paymentId,
			candidate.createdAt,
		);
		return { ok: true, ...candidate };
	}
}
