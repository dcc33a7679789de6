import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryLocalD1 } from "../../scripts/lib/workers.mjs";
import { customerToken, orderWithLink, pay, until } from "./saga-support";
import { call, type Stack, startE2eStack, stopAllStacks } from "./support";

/**
 * Nothing dropped by the queue: with the Notification service failing every send, a booking
 * event whose consumer keeps failing is retried, moves to the dead-letter queue after the last
 * retry, and is kept in D1 (dead_events), once.
 */
let stack: Stack;
beforeAll(async () => {
	stack = await startE2eStack({ EVENT_RETRY_DELAY: "1ms" });
});
afterAll(() => stopAllStacks());

interface DeadRow {
	id: string;
	queue: string;
	attempts: number;
	first_failed_at: string | null;
	last_error: string | null;
	body: string;
}

describe("the dead-letter queue", () => {
	it("keeps an event whose consumer failed every retry, once, with why", async () => {
		const env = { url: stack.url, sandboxUrl: stack.sandboxUrl };
		const faulted = await call(stack.sandboxUrl, "POST", "/control/faults", {
			body: { target: "NOTIFICATION", failRate: 1 },
		});
		expect(faulted.status).toBe(200);
		const token = await customerToken(env, "cust_dead_letter");
		const { booking, paymentId } = await orderWithLink(env, token, [{ type: "TAXI" }]);
		await pay(env, paymentId);
		// booking.confirmed is told to the customer: its sends keep failing.
		const id = `evt_${booking.id}_`;
		const rows = await until(
			"the confirmation event in dead_events",
			() =>
				queryLocalD1<DeadRow>(
					path.join(stack.stateDir, "orchestrator"),
					`SELECT * FROM dead_events WHERE id LIKE '${id}%'`,
				),
			(found) => found.some((row) => row.id.endsWith("_booking.confirmed")),
			{ timeoutMs: 90_000, intervalMs: 1_500 },
		);
		const dead = rows.filter((row) => row.id.endsWith("_booking.confirmed"));
		expect(dead).toHaveLength(1);
		expect(dead[0]).toMatchObject({ queue: "booking-events", attempts: 11 });
		expect(dead[0]?.last_error).toContain("503");
		expect(dead[0]?.first_failed_at).toEqual(expect.any(String));
		expect(JSON.parse(dead[0]?.body ?? "{}")).toMatchObject({
			type: "booking.confirmed",
			bookingId: booking.id,
		});
		await call(stack.sandboxUrl, "DELETE", "/control/faults");
	});
});
