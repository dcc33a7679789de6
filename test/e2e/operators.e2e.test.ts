import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { advance, allPartnerOrders, getBooking, paidBooking, until } from "./saga-support";
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
let flagged: Awaited<ReturnType<typeof paidBooking>> | undefined;

/** RunOperatorAction on one booking; without a key, the header is left out. */
const actOn =
	(bookingId: string, operator: string) =>
	(key: string | undefined, body: unknown, token = operator) =>
		call<{ code?: string; detail?: string; actionId?: string }>(
			stack.url,
			"POST",
			`/internal/bookings/${bookingId}/actions`,
			{ token, body, ...(key ? { headers: { "idempotency-key": key } } : {}) },
		);

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
		flagged = paid;
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

	it("is acted on: refused where not allowed, resumed once per key, marked compensated, its notice resent", async () => {
		const paid = flagged;
		if (!paid) throw new Error("the first test did not flag a booking");
		const id = paid.booking.id;
		const [taxi, rent] = paid.booking.items.map((item) => item.id) as [string, string];
		const operator = await operatorToken("operator");
		const act = actOn(id, operator);
		const reason = "Partner desk confirmed it";

		expect((await act("v1", { action: "resume", reason }, await operatorToken("viewer"))).body.code).toBe(
			"FORBIDDEN",
		);
		expect((await act(undefined, { action: "resume", reason })).body.code).toBe("IDEMPOTENCY_KEY_REQUIRED");
		expect((await act("x1", { action: "reboot", reason })).body.code).toBe("VALIDATION_FAILED");
		expect((await act("x2", { action: "resume", reason: "no" })).body.code).toBe("VALIDATION_FAILED");
		expect((await act("x3", { action: "mark-compensated", reason })).body.code).toBe("VALIDATION_FAILED");
		const notHolding = await act("x4", { action: "mark-compensated", itemId: rent, reason });
		expect(notHolding.status).toBe(409);
		expect(notHolding.body).toMatchObject({
			code: "ACTION_NOT_ALLOWED",
			detail: expect.stringContaining(rent),
		});

		const retried = await act("r1", { action: "retry-now", reason: "Partner says it is back" });
		expect(retried.status, JSON.stringify(retried.body)).toBe(200);
		const resumed = await act("k1", { action: "resume", reason });
		expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
		expect(resumed.body).toEqual({
			actionId: expect.stringMatching(/^act_/),
			action: "resume",
			bookingId: id,
			result: "applied",
		});
		expect((await act("k1", { action: "resume", reason })).body).toEqual(resumed.body);
		expect((await act("k1", { action: "resume", reason: "Another reason entirely" })).body.code).toBe(
			"IDEMPOTENCY_KEY_REUSED",
		);

		// The cancel keeps failing: the saga is flagged again, and the operators are told again.
		const operatorsTold = async () =>
			(
				await call<{ notifications: Array<{ to: string }> }>(
					stack.sandboxUrl,
					"GET",
					`/notifications?bookingId=${id}`,
				)
			).body.notifications.filter((n) => n.to === "operators").length;
		await until("a second flagging, told", operatorsTold, (n) => n >= 2, {
			timeoutMs: 30_000,
			intervalMs: 500,
		});

		const marked = await act("m1", { action: "mark-compensated", itemId: taxi, reason });
		expect(marked.status, JSON.stringify(marked.body)).toBe(200);
		type Detail = {
			booking: { status: string; payment: { status: string } };
			saga: { log: { status: string } };
		};
		const done = await until(
			"the saga finished and the booking refunded",
			async () =>
				(await call<Detail>(stack.url, "GET", `/internal/bookings/${id}`, { token: operator })).body,
			(d) => d.saga.log.status === "FAILED" && d.booking.payment.status === "REFUND_SUCCESS",
			{ timeoutMs: 30_000, intervalMs: 500 },
		);
		expect(done.booking.status).toBe("FAILED");

		const customerNotices = async () =>
			(
				await call<{ notifications: Array<{ to: string; template: string }> }>(
					stack.sandboxUrl,
					"GET",
					`/notifications?bookingId=${id}`,
				)
			).body.notifications.filter((n) => n.to !== "operators");
		const settled = await until(
			"the refund notice",
			customerNotices,
			(n) => n.some((x) => /refund/i.test(x.template)),
			{
				timeoutMs: 20_000,
				intervalMs: 500,
			},
		);
		const resend = await act("n1", {
			action: "resend-notification",
			reason: "Customer did not get the e-mail",
		});
		expect(resend.status, JSON.stringify(resend.body)).toBe(200);
		await until("the notice resent", customerNotices, (n) => n.length > settled.length, {
			timeoutMs: 20_000,
			intervalMs: 500,
		});
		await act("n1", { action: "resend-notification", reason: "Customer did not get the e-mail" });

		type Entry = { kind: string; actor: string; summary: string; data: Record<string, unknown> };
		const timeline = (
			await call<{ entries: Entry[] }>(stack.url, "GET", `/internal/bookings/${id}/timeline`, {
				token: operator,
			})
		).body.entries;
		const actions = timeline.filter((e) => e.kind === "operator").map((e) => e.data.action);
		expect(actions).toEqual(["retry-now", "resume", "mark-compensated", "resend-notification"]);
		expect(timeline.filter((e) => e.kind === "operator").every((e) => e.actor === "op_operator")).toBe(true);
		expect(
			timeline.some(
				(e) => e.kind === "saga.compensation" && /marked compensated by op_operator/.test(e.summary),
			),
		).toBe(true);
	});

	it("refunds part of an active booking once per key, never more than is left, and tells the customer", async () => {
		const paid = await paidBooking(env(), "cust_ops_refund", [{ type: "TAXI" }]);
		const id = paid.booking.id;
		const operator = await operatorToken("operator");
		const act = actOn(id, operator);
		type View = {
			status: string;
			payment: { amount: number; refunds: Array<{ amount: number; status: string; actionId?: string }> };
		};
		const view = async () =>
			(await call<View>(stack.url, "GET", `/v1/bookings/${id}`, { token: paid.token })).body;
		await until("the booking ACTIVE", view, (b) => b.status === "ACTIVE", {
			timeoutMs: 20_000,
			intervalMs: 300,
		});
		const total = (await view()).payment.amount;

		expect((await act("f0", { action: "refund", reason: "Goodwill for the delay" })).body.code).toBe(
			"VALIDATION_FAILED",
		);
		const tooMuch = await act("f1", {
			action: "refund",
			amount: total + 1,
			reason: "Goodwill for the delay",
		});
		expect(tooMuch.status).toBe(422);
		expect(tooMuch.body).toMatchObject({
			code: "REFUND_EXCEEDS_PAID",
			detail: expect.stringContaining(String(total)),
		});

		const body = { action: "refund", amount: 10_000, reason: "Goodwill for the delay" };
		const first = await act("f2", body);
		expect(first.status, JSON.stringify(first.body)).toBe(200);
		expect((await act("f2", body)).body).toEqual(first.body);
		const refunded = await until(
			"the refund confirmed",
			view,
			(b) => b.payment.refunds.some((r) => r.amount === 10_000 && r.status === "SUCCEEDED"),
			{ timeoutMs: 20_000, intervalMs: 300 },
		);
		expect(refunded.payment.refunds).toEqual([
			expect.objectContaining({ amount: 10_000, status: "SUCCEEDED", actionId: first.body.actionId }),
		]);
		expect(refunded.status).toBe("ACTIVE");
		// What is left caps the next one.
		const rest = await act("f3", {
			action: "refund",
			amount: total - 10_000 + 1,
			reason: "Second goodwill refund",
		});
		expect(rest.body.code).toBe("REFUND_EXCEEDS_PAID");

		const told = await until(
			"the customer told of the refund",
			async () =>
				(
					await call<{ notifications: Array<{ template: string; body: string }> }>(
						stack.sandboxUrl,
						"GET",
						`/notifications?bookingId=${id}`,
					)
				).body.notifications.filter((n) => n.template === "REFUND_COMPLETED"),
			(n) => n.length >= 2,
			{ timeoutMs: 20_000, intervalMs: 500 },
		);
		expect(told.every((n) => n.body.startsWith("Rp 10.000 was refunded to your GOPAY"))).toBe(true);
		const timeline = (
			await call<{ entries: Array<{ kind: string; summary: string; data: Record<string, unknown> }> }>(
				stack.url,
				"GET",
				`/internal/bookings/${id}/timeline`,
				{ token: operator },
			)
		).body.entries;
		expect(timeline.filter((e) => e.kind === "operator").map((e) => e.data.action)).toEqual(["refund"]);
		expect(timeline.filter((e) => e.kind === "refund").map((e) => e.summary)).toEqual([
			"Refund of IDR 10,000 (an operator's refund) asked of the processor.",
			"Refund of IDR 10,000 (an operator's refund) confirmed by the processor.",
		]);
	});

	it("force-compensates an active booking: every item canceled, everything paid refunded, once", async () => {
		const paid = await paidBooking(env(), "cust_ops_force", [{ type: "TAXI" }, { type: "RENT" }]);
		const id = paid.booking.id;
		const operator = await operatorToken("operator");
		const act = actOn(id, operator);
		await until(
			"every item booked",
			() => getBooking(env(), paid.token, id),
			(b) => b.items.every((item) => item.status === "BOOKED"),
			{ timeoutMs: 20_000, intervalMs: 300 },
		);
		const body = { action: "force-compensate", reason: "Customer's trip called off by the city" };
		const forced = await act("fc1", body);
		expect(forced.status, JSON.stringify(forced.body)).toBe(200);
		expect((await act("fc1", body)).body).toEqual(forced.body);
		const failed = await until(
			"the booking failed and refunded",
			() => getBooking(env(), paid.token, id),
			(b) => b.status === "FAILED" && b.payment.status === "REFUND_SUCCESS",
			{ timeoutMs: 30_000, intervalMs: 500 },
		);
		expect(failed.items.map((item) => item.status)).toEqual(["CANCELED", "CANCELED"]);
		expect(failed.cancelReason).toContain("Canceled by an operator (op_operator)");
		const orders = await allPartnerOrders(env(), id);
		expect(orders.map((o) => o.status).sort()).toEqual(["CANCELED", "CANCELED"]);
		// Over: a second one (another key) is refused and changes nothing.
		const again = await act("fc2", body);
		expect(again.status).toBe(409);
		expect(again.body).toMatchObject({
			code: "ACTION_NOT_ALLOWED",
			detail: expect.stringContaining("FAILED"),
		});

		// An item its partner has started cannot be undone by a cancel.
		const started = await paidBooking(env(), "cust_ops_force_started", [{ type: "TAXI" }]);
		const booked = await until(
			"the ride booked",
			() => getBooking(env(), started.token, started.booking.id),
			(b) => b.items.every((item) => item.status === "BOOKED"),
			{ timeoutMs: 20_000, intervalMs: 300 },
		);
		const ref = booked.items[0]?.partnerRef as string;
		await advance(env(), "TAXI", ref, "DRIVER_ASSIGNED");
		await advance(env(), "TAXI", ref, "PICKED_UP");
		await until(
			"the ride under way",
			() => getBooking(env(), started.token, started.booking.id),
			(b) => b.items[0]?.status === "IN_PROGRESS",
			{ timeoutMs: 20_000, intervalMs: 300 },
		);
		const refused = await call<{ code?: string; detail?: string }>(
			stack.url,
			"POST",
			`/internal/bookings/${started.booking.id}/actions`,
			{ token: operator, body, headers: { "idempotency-key": "fc3" } },
		);
		expect(refused.status).toBe(409);
		expect(refused.body.detail).toContain("IN_PROGRESS");
		expect((await getBooking(env(), started.token, started.booking.id)).status).toBe("ACTIVE");
	});
});
