import { DurableObject } from "cloudflare:workers";
import type { Fault, FaultBody, FaultTarget } from "./faults";

type FaultRow = {
	target: string;
	fail_rate: number;
	timeout_rate: number;
	latency_ms: number;
	updated_at: string;
};

function toFault(row: FaultRow): Fault {
	return {
		target: row.target as FaultTarget,
		failRate: row.fail_rate,
		timeoutRate: row.timeout_rate,
		latencyMs: row.latency_ms,
		updatedAt: row.updated_at,
	};
}

/**
 * Responsibilities: the fault settings of chaos runs, one row per target. A single instance
 * (FAULTS_INSTANCE): every partner, payment and refund call reads its target's row, so a
 * setting applies to the next call whichever isolate serves it.
 */
export class FaultsDO extends DurableObject<Env> {
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		ctx.storage.sql.exec(
			`CREATE TABLE IF NOT EXISTS faults (
				target TEXT PRIMARY KEY,
				fail_rate REAL NOT NULL,
				timeout_rate REAL NOT NULL,
				latency_ms INTEGER NOT NULL,
				updated_at TEXT NOT NULL
			)`,
		);
	}

	set(fault: FaultBody, now: string): Fault[] {
		this.ctx.storage.sql.exec(
			`INSERT INTO faults (target, fail_rate, timeout_rate, latency_ms, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (target) DO UPDATE SET fail_rate = excluded.fail_rate,
				timeout_rate = excluded.timeout_rate, latency_ms = excluded.latency_ms, updated_at = excluded.updated_at`,
			fault.target,
			fault.failRate,
			fault.timeoutRate,
			fault.latencyMs,
			now,
		);
		return this.list();
	}

	/** Clears one target, or every target when none is given. */
	clear(target?: FaultTarget): Fault[] {
		if (target) this.ctx.storage.sql.exec("DELETE FROM faults WHERE target = ?", target);
		else this.ctx.storage.sql.exec("DELETE FROM faults");
		return this.list();
	}

	get(target: FaultTarget): Fault | null {
		const row = this.ctx.storage.sql
			.exec<FaultRow>("SELECT * FROM faults WHERE target = ?", target)
			.toArray()[0];
		return row ? toFault(row) : null;
	}

	list(): Fault[] {
		return this.ctx.storage.sql.exec<FaultRow>("SELECT * FROM faults ORDER BY target").toArray().map(toFault);
	}
}
