import { DurableObject } from "cloudflare:workers";

/**
 * Responsibilities: the partnerRefs one partner type holds for one booking (named
 * `<type>:<bookingId>`), so the partner can list a booking's orders. A ref is added before the
 * order is booked, so no order can exist without being listed; a ref whose book call never got
 * through (a 503, a crash) simply has no order and is left out of the list.
 */
export class PartnerBookingDO extends DurableObject<Env> {
	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		ctx.storage.sql.exec(
			"CREATE TABLE IF NOT EXISTS refs (seq INTEGER PRIMARY KEY AUTOINCREMENT, partner_ref TEXT NOT NULL UNIQUE)",
		);
	}

	add(partnerRef: string): void {
		this.ctx.storage.sql.exec("INSERT OR IGNORE INTO refs (partner_ref) VALUES (?)", partnerRef);
	}

	refs(): string[] {
		return this.ctx.storage.sql
			.exec<{ partner_ref: string }>("SELECT partner_ref FROM refs ORDER BY seq")
			.toArray()
			.map((row) => row.partner_ref);
	}
}
