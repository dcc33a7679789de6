import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidBooking, until } from "./saga-support";
import { call, type Stack, startE2eStack, stopAllStacks } from "./support";

/**
 * The operators' side on the real stack: a saga whose compensation keeps failing is flagged,
 * the operators' channel hears of it once, and an operator finds it by searching for what needs
 * attention, with the summary counting it.
 */
let stack: Stack;
beforeAll(async () => {
	stack = await startE2eStack({ SAGA_ATTENTION_THRESHOLD: "2" });
});
afterAll(() => stopAllStacks());

const env = () => ({ url: stack.url, sandboxUrl: stack.sandboxUrl });

async function operatorToken(role: "viewer" | "operator"): Promise<string> {
	const minted = await call<{ token: string }>(stack.sandboxUrl, "POST", "/auth/token", {
		body: { sub: `op_${role}`, role },
	});
	expect(minted.status).toBe(200);
	return minted.body.token;
}

describe("a saga that needs a person", () => {
	it("is flagged, told to the operators once, and found by searching for attention", async () => {
		const paid = await paidBooking(env(), "cust_ops_attention", [
			{ type: "TAXI", notes: "sandbox:cancel-fails:100" },
			{ type: "RENT", notes: "sandbox:reject" },
		]);
		const viewer = await operatorToken("viewer");
		type Row = { id: string; attention: boolean; sagaStatus: string | null; status: string };
		const found = await until(
			"the booking among those needing attention",
			async () =>
				(
					await call<{ bookings: Row[] }>(stack.url, "GET", "/internal/bookings?attention=true&limit=100", {
						token: viewer,
					})
				).body.bookings,
			(rows) => rows.some((row) => row.id === paid.booking.id),
			{ timeoutMs: 60_000, intervalMs: 500 },
		);
		expect(found.find((row) => row.id === paid.booking.id)).toMatchObject({
			attention: true,
			sagaStatus: "COMPENSATING",
			status: "ACTIVE",
		});

		const told = await until(
			"the operators' notice",
			async () =>
				(
					await call<{ notifications: Array<{ to: string; template: string }> }>(
						stack.sandboxUrl,
						"GET",
						`/notifications?bookingId=${paid.booking.id}`,
					)
				).body.notifications.filter((n) => n.to === "operators"),
			(notices) => notices.length > 0,
			{ timeoutMs: 20_000, intervalMs: 500 },
		);
		expect(told.map((n) => n.template)).toEqual(["operators.saga_needs_attention"]);

		const summary = await call<{ needsAttention: number; byStatus: Record<string, number> }>(
			stack.url,
			"GET",
			"/internal/summary",
			{ token: viewer },
		);
		expect(summary.body.needsAttention).toBeGreaterThanOrEqual(1);
		expect(summary.body.byStatus.ACTIVE).toBeGreaterThanOrEqual(1);

		const detail = await call<{ saga: { log: { needsAttention: boolean; startedAt: string } } }>(
			stack.url,
			"GET",
			`/internal/bookings/${paid.booking.id}`,
			{ token: viewer },
		);
		expect(detail.body.saga.log.needsAttention).toBe(true);
		expect(detail.body.saga.log.startedAt).toMatch(/^\d{4}-\d\d-\d\dT/);

		type Entry = { at: string; kind: string; summary: string; actor: string; data: Record<string, unknown> };
		const timeline = await until(
			"the timeline with the operators' notice",
			async () =>
				(
					await call<{ entries: Entry[] }>(
						stack.url,
						"GET",
						`/internal/bookings/${paid.booking.id}/timeline`,
						{
							token: viewer,
						},
					)
				).body.entries,
			(entries) => entries.some((e) => e.kind === "notification" && e.data.audience === "operators"),
			{ timeoutMs: 20_000, intervalMs: 500 },
		);
		const at = timeline.map((e) => e.at);
		expect(at).toEqual([...at].sort());
		const rent = paid.booking.items[1]?.id as string;
		const has = (kind: string, actor: string, summary: RegExp) =>
			expect(
				timeline.some((e) => e.kind === kind && e.actor === actor && summary.test(e.summary)),
				`${kind} by ${actor} ~ ${summary}\n${timeline.map((e) => `${e.kind} ${e.actor} ${e.summary}`).join("\n")}`,
			).toBe(true);
		has("booking", "customer", /^Booking created: 2 item\(s\)/);
		has("payment", "processor", /^Payment PAID\.$/);
		has("webhook", "processor", /^Processor webhook payment\.paid applied\.$/);
		has("saga.step", "partner:RENT", new RegExp(`^Partner RENT rejected item ${rent}`));
		has("saga.step", "partner:TAXI", /^Partner TAXI booked item /);
		has("saga.compensation", "partner:TAXI", /could not take the cancel of item .* it is retried\.$/);
		has("saga.compensation", "system", /needs attention/);
		has("notification", "system", /operators\.saga_needs_attention to the operators/);
		expect(JSON.stringify(timeline)).not.toContain("budi@example.com");
	});
});
