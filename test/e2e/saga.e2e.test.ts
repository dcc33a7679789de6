// The booking saga end to end over the real `npm start` stack: after the processor's signed
// payment webhook, every order item is booked with its partner (the sandbox's partner gateways)
// in parallel; a definite rejection cancels what was booked and refunds the payment once; a
// flaky partner is retried; a timed-out call (booked, answer lost) is cancelled too; partner
// callbacks carry the booking to COMPLETED, and a partner cancel refunds that item's share.
// Outcomes are steered by the items' `details.notes` (sandbox:reject, sandbox:flaky:N, ...).
//
// Stack settings: PARTNER_TIMEOUT=1s (the orchestrator gives up on a partner call after 1 s),
// PARTNER_TIMEOUT_HOLD=3s (the sandbox holds a `sandbox:timeout` answer for 3 s),
// SAGA_STEP_DEADLINE=30s.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	advance,
	allPartnerOrders,
	type Booking,
	type BookingItem,
	getBooking,
	type InternalDetail,
	internal,
	type PaidBooking,
	paidBooking,
	partnerOrders,
	processorPayment,
	sagaSummary,
	until,
} from "./saga-support";
import { call, isPortOpen, type Stack, startE2eStack, stopAllStacks } from "./support";

/** Partner statuses that hold a live booking: none may remain once a booking FAILED. */
const LIVE = ["PENDING", "BOOKED", "DRIVER_ASSIGNED", "PICKED_UP"];

describe("the booking saga over the real npm start stack", () => {
	let stack: Stack | undefined;
	const suffix = Math.random().toString(36).slice(2, 8);
	const env = () => stack as Stack;
	const sub = (name: string) => `cust_saga_${name}_${suffix}`;

	/** Bookings that reached a terminal state, for the receipt and notification checks. */
	const finished: { completed?: PaidBooking; failed?: PaidBooking } = {};

	beforeAll(async () => {
		stack = await startE2eStack({
			PARTNER_TIMEOUT: "1s",
			PARTNER_TIMEOUT_HOLD: "3s",
			SAGA_STEP_DEADLINE: "30s",
		});
	});

	afterAll(async () => {
		if (!stack) {
			await stopAllStacks();
			return;
		}
		const { port, sandboxPort } = stack;
		const status = await stack.stop();
		expect(status, stack.output().split("\n").slice(-30).join("\n")).toEqual({ code: 0, signal: null });
		expect(await isPortOpen(port)).toBe(false);
		expect(await isPortOpen(sandboxPort)).toBe(false);
	});

	/** Public view of the booking once every item is BOOKED (and the booking ACTIVE). */
	async function allBooked(paid: PaidBooking, timeoutMs = 20_000): Promise<Booking> {
		let last: InternalDetail | undefined;
		try {
			return await until(
				`every item of ${paid.booking.id} to be BOOKED`,
				() => getBooking(env(), paid.token, paid.booking.id),
				(b) => b.status === "ACTIVE" && b.items.every((i) => i.status === "BOOKED"),
				{ timeoutMs },
			);
		} catch (error) {
			last = await internal(env(), paid.booking.id).catch(() => undefined);
			throw new Error(`${(error as Error).message}\nsaga: ${sagaSummary(last)}`);
		}
	}

	/** Waits for FAILED + REFUND_SUCCESS, collecting the payment statuses seen on the way. */
	async function failedAndRefunded(
		paid: PaidBooking,
	): Promise<{ booking: Booking; paymentStatuses: string[] }> {
		const seen: string[] = [];
		const booking = await until(
			`${paid.booking.id} to be FAILED and refunded`,
			async () => {
				const b = await getBooking(env(), paid.token, paid.booking.id);
				if (seen.at(-1) !== b.payment.status) seen.push(b.payment.status);
				return b;
			},
			(b) => b.status === "FAILED" && b.payment.status === "REFUND_SUCCESS",
			{ timeoutMs: 30_000 },
		).catch(async (error) => {
			throw new Error(`${error.message}\nsaga: ${sagaSummary(await internal(env(), paid.booking.id))}`);
		});
		return { booking, paymentStatuses: seen };
	}

	/** Exactly one refund at the processor, of the full amount, confirmed. */
	async function expectOneFullRefund(paid: PaidBooking, booking: Booking) {
		const atProcessor = await processorPayment(env(), paid.paymentId);
		expect(atProcessor).toMatchObject({
			status: "PAID",
			reference: booking.id,
			amount: booking.payment.amount,
		});
		expect(atProcessor.refunds).toEqual([
			expect.objectContaining({ amount: booking.payment.amount, status: "SUCCEEDED" }),
		]);
	}

	async function expectNoLiveOrders(bookingId: string) {
		const orders = await allPartnerOrders(env(), bookingId);
		expect(
			orders.filter((o) => LIVE.includes(o.status)),
			JSON.stringify(orders),
		).toEqual([]);
		return orders;
	}

	it("books 3 items in parallel, goes ACTIVE, and COMPLETED once the partners finish every item", async () => {
		const paid = await paidBooking(env(), sub("happy"), [
			{ type: "TAXI" },
			{ type: "TAXI" },
			{ type: "RENT" },
		]);
		const booked = await allBooked(paid);
		expect(booked.items.map((i) => i.businessType)).toEqual(["TAXI", "TAXI", "RENT"]);
		expect(booked.payment).toMatchObject({ method: "GOPAY", status: "PAID" });

		const detail = await internal(env(), paid.booking.id);
		const log = detail.saga.log;
		expect(log?.status, sagaSummary(detail)).toBe("SUCCEEDED");
		expect(log?.steps).toHaveLength(3);
		for (const item of booked.items) {
			const step = log?.steps.find((s) => s.id === item.id);
			expect(step, sagaSummary(detail)).toMatchObject({
				state: "SUCCEEDED",
				attempts: 1,
				key: `${paid.booking.id}:${item.id}:book`,
				ref: item.partnerRef,
			});
		}
		// The partners hold exactly one BOOKED order per item, under the references the booking shows.
		const taxi = await partnerOrders(env(), "TAXI", paid.booking.id);
		const rent = await partnerOrders(env(), "RENT", paid.booking.id);
		const held = [...taxi, ...rent].map((o) => [o.itemId, o.partnerRef, o.status]).sort();
		expect(held).toEqual(booked.items.map((i) => [i.id, i.partnerRef, "BOOKED"]).sort());

		// The partners move every item on; each signed callback is reflected before the next.
		for (const item of booked.items) {
			for (const status of ["DRIVER_ASSIGNED", "PICKED_UP", "COMPLETED"]) {
				await advance(env(), item.businessType, item.partnerRef as string, status);
				await until(
					`${item.id} to show ${status}`,
					() => getBooking(env(), paid.token, paid.booking.id),
					(b) =>
						(b.items.find((i) => i.id === item.id) as BookingItem & { partnerStatus?: string })
							.partnerStatus === status,
				);
			}
		}
		const completed = await until(
			"the booking to be COMPLETED",
			() => getBooking(env(), paid.token, paid.booking.id),
			(b) => b.status === "COMPLETED",
		);
		expect(completed.items.map((i) => i.status)).toEqual(["DONE", "DONE", "DONE"]);
		expect(completed.payment.status).toBe("PAID");
		const withVehicle = completed.items as (BookingItem & { vehicle?: { plate: string } })[];
		for (const item of withVehicle) expect(item.vehicle?.plate).toEqual(expect.any(String));
		expect((await allPartnerOrders(env(), paid.booking.id)).map((o) => o.status)).toEqual([
			"COMPLETED",
			"COMPLETED",
			"COMPLETED",
		]);
		expect((await processorPayment(env(), paid.paymentId)).refunds).toEqual([]);
		finished.completed = paid;
	});

	it("cancels the booked items when one is rejected, fails the booking and refunds it once", async () => {
		const paid = await paidBooking(env(), sub("reject"), [
			{ type: "TAXI" },
			{ type: "TAXI", notes: "sandbox:reject" },
			{ type: "RENT" },
		]);
		const { booking, paymentStatuses } = await failedAndRefunded(paid);
		const rejected = booking.items[1] as BookingItem;
		expect(booking.items.map((i) => i.status)).toEqual(["CANCELED", "BOOK_FAILED", "CANCELED"]);
		expect(paymentStatuses.slice(-2)).toEqual(["REQUEST_REFUND", "REFUND_SUCCESS"]);

		const detail = await internal(env(), paid.booking.id);
		const log = detail.saga.log;
		expect(log?.status, sagaSummary(detail)).toBe("FAILED");
		expect(log?.final).toMatchObject({ state: "DONE", attempts: 1 });
		expect(log?.needsAttention).toBe(false);
		expect(log?.steps.find((s) => s.id === rejected.id)).toMatchObject({ state: "FAILED", attempts: 1 });
		const compensated = log?.steps.filter((s) => s.id !== rejected.id) ?? [];
		expect(compensated.map((s) => s.state)).toEqual(["COMPENSATED", "COMPENSATED"]);
		// Newest effect undone first.
		const byEffect = [...compensated].sort(
			(a, b) =>
				((b as { effectSeq?: number }).effectSeq ?? 0) - ((a as { effectSeq?: number }).effectSeq ?? 0),
		);
		const cancelAt = (s: (typeof compensated)[number]) =>
			Date.parse(s.history.find((h) => h.action === "compensate" && h.outcome === "ok")?.at ?? "") || 0;
		expect(cancelAt(byEffect[0] as (typeof compensated)[number])).toBeLessThanOrEqual(
			cancelAt(byEffect[1] as (typeof compensated)[number]),
		);

		await expectOneFullRefund(paid, booking);
		const orders = await expectNoLiveOrders(paid.booking.id);
		const status = (itemId: string) => orders.filter((o) => o.itemId === itemId).map((o) => o.status);
		expect(status(booking.items[0]?.id as string)).toEqual(["CANCELED"]);
		expect(status(booking.items[2]?.id as string)).toEqual(["CANCELED"]);
		expect(status(rejected.id)).toEqual(["REJECTED"]);
		finished.failed = paid;
	});

	it("retries a flaky partner (two 503s) and books the item on the third attempt", async () => {
		const paid = await paidBooking(env(), sub("flaky"), [
			{ type: "TAXI", notes: "sandbox:flaky:2" },
			{ type: "RENT" },
		]);
		const booked = await allBooked(paid);
		const flaky = booked.items[0] as BookingItem;
		const detail = await internal(env(), paid.booking.id);
		const step = detail.saga.log?.steps.find((s) => s.id === flaky.id);
		expect(detail.saga.log?.status, sagaSummary(detail)).toBe("SUCCEEDED");
		expect(step, sagaSummary(detail)).toMatchObject({
			state: "SUCCEEDED",
			attempts: 3,
			ref: flaky.partnerRef,
		});
		expect(step?.history.map((h) => h.outcome)).toEqual(["transient", "transient", "ok"]);
		// Retries waited (exponential backoff), they did not spin.
		const at = step?.history.map((h) => Date.parse(h.at)) ?? [];
		expect((at[2] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(500);
		expect(detail.saga.log?.steps.find((s) => s.id !== flaky.id)).toMatchObject({ attempts: 1 });
		// Same idempotency key on every attempt: one order at the partner.
		const orders = await partnerOrders(env(), "TAXI", paid.booking.id);
		expect(orders).toEqual([
			expect.objectContaining({ itemId: flaky.id, status: "BOOKED", partnerRef: flaky.partnerRef }),
		]);
		expect(booked.status).toBe("ACTIVE");
	});

	it("cancels a timed-out book call (booked at the partner, answer lost) when another item is rejected", async () => {
		const paid = await paidBooking(env(), sub("timeout"), [
			{ type: "TAXI", notes: "sandbox:timeout" },
			{ type: "RENT", notes: "sandbox:reject" },
		]);
		const { booking } = await failedAndRefunded(paid);
		const [timedOut, rejected] = booking.items as [BookingItem, BookingItem];
		expect(booking.items.map((i) => i.status)).toEqual(["CANCELED", "BOOK_FAILED"]);

		const detail = await internal(env(), paid.booking.id);
		const step = detail.saga.log?.steps.find((s) => s.id === timedOut.id);
		expect(step, sagaSummary(detail)).toMatchObject({ state: "COMPENSATED", mayHaveEffect: true });
		expect(step?.history[0]).toMatchObject({ action: "invoke", outcome: "unknown" });
		expect(step?.history.some((h) => h.action === "compensate" && h.outcome === "ok")).toBe(true);

		// The partner had booked it; compensation cancelled it by the book call's key.
		const taxi = await until(
			"the timed-out order to be CANCELED at the partner",
			() => partnerOrders(env(), "TAXI", paid.booking.id),
			(orders) => orders.length === 1 && orders[0]?.status === "CANCELED",
		);
		expect(taxi).toEqual([expect.objectContaining({ itemId: timedOut.id, status: "CANCELED" })]);
		expect(await partnerOrders(env(), "RENT", paid.booking.id)).toEqual([
			expect.objectContaining({ itemId: rejected.id, status: "REJECTED" }),
		]);
		await expectOneFullRefund(paid, booking);
		await expectNoLiveOrders(paid.booking.id);
	});

	it("refunds one item's share when its partner cancels after ACTIVE; the booking stays ACTIVE", async () => {
		const paid = await paidBooking(env(), sub("partner_cancel"), [{ type: "TAXI" }, { type: "RENT" }]);
		const booked = await allBooked(paid);
		const [taxi, rent] = booked.items as [BookingItem, BookingItem];
		const share = Math.floor((booked.pricing.total * taxi.amount) / booked.pricing.subtotal);
		expect(share).toBeGreaterThan(0);
		expect(share).toBeLessThan(booked.payment.amount);

		await advance(env(), "TAXI", taxi.partnerRef as string, "CANCELED_BY_PARTNER");
		const atProcessor = await until(
			"the partial refund to be confirmed at the processor",
			() => processorPayment(env(), paid.paymentId),
			(p) => p.refunds.length > 0 && p.refunds.every((r) => r.status === "SUCCEEDED"),
		);
		expect(atProcessor.refunds).toEqual([expect.objectContaining({ amount: share, status: "SUCCEEDED" })]);

		const after = await getBooking(env(), paid.token, paid.booking.id);
		expect(after.status).toBe("ACTIVE");
		expect(after.items.map((i) => [i.id, i.status])).toEqual([
			[taxi.id, "CANCELED"],
			[rent.id, "BOOKED"],
		]);
		const detail = await until(
			"the booking to record the partial refund as confirmed",
			() => internal(env(), paid.booking.id),
			(d) => d.booking.payment.partialRefunds?.[0]?.succeededAt !== undefined,
		);
		expect(detail.booking.payment.partialRefunds).toEqual([
			expect.objectContaining({ itemId: taxi.id, amount: share, refundId: atProcessor.refunds[0]?.refundId }),
		]);
		expect(detail.booking.payment.refund).toBeUndefined();
		expect(await partnerOrders(env(), "RENT", paid.booking.id)).toEqual([
			expect.objectContaining({ itemId: rent.id, status: "BOOKED" }),
		]);
	});

	it("serves the completed booking's receipt as a PDF", async (ctx) => {
		const paid = finished.completed;
		if (!paid) return ctx.skip("the fulfilment test did not complete a booking");
		const ready = await until(
			"the receipt to be ready",
			() =>
				call<{ url?: string }>(env().url, "GET", `/v1/bookings/${paid.booking.id}/receipt`, {
					token: paid.token,
				}),
			(r) => r.status === 200,
			{ timeoutMs: 20_000, intervalMs: 250 },
		);
		expect(ready.body.url).toEqual(expect.any(String));
		const pdf = await fetch(ready.body.url as string, { signal: AbortSignal.timeout(15_000) });
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get("content-type")).toContain("application/pdf");
		expect(
			Buffer.from(await pdf.arrayBuffer())
				.subarray(0, 5)
				.toString(),
		).toBe("%PDF-");
	});

	it("notified the customer of the completed and the failed booking", async (ctx) => {
		const { completed, failed } = finished;
		if (!completed || !failed) return ctx.skip("the fulfilment or rejection test did not finish its booking");
		// Notifications come from the booking-event consumer.
		type Sent = { bookingId: string; channel: string; template: string };
		const sent = (bookingId: string) =>
			call<{ notifications: Sent[] }>(env().sandboxUrl, "GET", `/notifications?bookingId=${bookingId}`).then(
				(r) => r.body.notifications ?? [],
			);
		// A confirmation when it went ahead, then a completion notice, or a refund notice.
		const forCompleted = await until(
			"the completion notice",
			() => sent(completed.booking.id),
			(list) => ["BOOKING_CONFIRMED", "BOOKING_COMPLETED"].every((t) => list.some((n) => n.template === t)),
			{ timeoutMs: 15_000, intervalMs: 250 },
		);
		const forFailed = await until(
			"the failure and refund notices for the failed booking",
			() => sent(failed.booking.id),
			(list) =>
				["BOOKING_FAILED", "REFUND_COMPLETED"].every(
					(t) => list.filter((n) => n.template === t).length === 2,
				),
			{ timeoutMs: 20_000, intervalMs: 250 },
		);
		for (const n of forCompleted) expect(n.bookingId).toBe(completed.booking.id);
		for (const n of forFailed) expect(n.bookingId).toBe(failed.booking.id);
		const templates = (list: Sent[]) => [...new Set(list.map((n) => n.template))].sort();
		expect(templates(forCompleted)).toEqual(["BOOKING_COMPLETED", "BOOKING_CONFIRMED"]);
		// A failed saga never confirmed the order: one failure message, then one when the money is back.
		expect(templates(forFailed)).toEqual(["BOOKING_FAILED", "REFUND_COMPLETED"]);
		// Every message on e-mail and SMS, each once.
		for (const list of [forCompleted, forFailed]) {
			const seen = list.map((n) => `${n.template}:${n.channel}`);
			expect(new Set(seen).size).toBe(seen.length);
			for (const template of templates(list)) {
				expect(
					list
						.filter((n) => n.template === template)
						.map((n) => n.channel)
						.sort(),
				).toEqual(["EMAIL", "SMS"]);
			}
		}
	});
});
