import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { SagaDO } from "../../src/durable/saga";
import type { SagaLog } from "../../src/saga/types";
import {
	call,
	eventually,
	partnerCallback,
	paymentEvent,
	paymentWebhook,
	placeOrder,
	sandbox,
	tokenFor,
} from "./support";

const paymentIdOf = (booking: { payment: { url?: string } }) => booking.payment.url?.split("/pay/")[1] ?? "";
const saga = (bookingId: string) => env.SAGA.get(env.SAGA.idFromName(bookingId));

async function paidBooking(sub: string, notes: Array<string | undefined>) {
	const token = await tokenFor(sub);
	const cart = (await call("POST", "/v1/carts", { token })).body;
	const { taxiItem } = await import("./support");
	for (const note of notes) {
		const { body } = await taxiItem(token, 1, note);
		expect((await call("POST", `/v1/carts/${cart.id}/items`, { token, body })).status).toBe(201);
	}
	const order = await placeOrder(token, cart.id, "GOPAY");
	expect(order.status, JSON.stringify(order.body)).toBe(201);
	const booking = order.body.booking;
	// The processor holds the payment as PAID (its own webhook goes nowhere in this suite).
	await sandbox(`/payments/${paymentIdOf(booking)}/simulate`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ outcome: "PAID" }),
	});
	const paid = await paymentWebhook(paymentEvent(booking, paymentIdOf(booking), "payment.paid"));
	expect(paid.body).toMatchObject({ bookingStatus: "ACTIVE" });
	return { token, booking };
}

async function partnerOrders(bookingId: string) {
	const res = await sandbox(`/partners/taxi/orders?bookingId=${bookingId}`);
	return ((await res.json()) as { orders: Array<{ status: string }> }).orders;
}

const settled = async (bookingId: string, token: string, statuses: string[]) =>
	eventually(async () => {
		await runDurableObjectAlarm(saga(bookingId));
		const detail = await call("GET", `/v1/bookings/${bookingId}`, { token });
		expect(statuses).toContain(detail.body.status);
		return detail.body;
	}, 15_000);

describe("booking saga", () => {
	it("books every item with its partner after payment", async () => {
		const { token, booking } = await paidBooking("cust_saga_ok", [undefined, undefined, undefined]);
		const detail = await eventually(async () => {
			const res = await call("GET", `/v1/bookings/${booking.id}`, { token });
			expect(res.body.items.map((i: { status: string }) => i.status)).toEqual(["BOOKED", "BOOKED", "BOOKED"]);
			return res.body;
		}, 15_000);
		expect(detail.status).toBe("ACTIVE");
		expect(detail.items.every((i: { partnerRef?: string }) => i.partnerRef?.startsWith("taxi_"))).toBe(true);
		const { log } = (await saga(booking.id).inspect()) as { log: SagaLog };
		expect(log.status).toBe("SUCCEEDED");
		expect(log.steps.map((s) => s.key)).toEqual(
			booking.items.map((i: { id: string }) => `${booking.id}:${i.id}:book`),
		);
		expect((await partnerOrders(booking.id)).map((o) => o.status)).toEqual(["BOOKED", "BOOKED", "BOOKED"]);
	});

	it("cancels what was booked and refunds when one item is rejected", async () => {
		const { token, booking } = await paidBooking("cust_saga_reject", [
			undefined,
			"sandbox:reject",
			undefined,
		]);
		const failed = await settled(booking.id, token, ["FAILED"]);
		expect(failed.payment.status).toBe("REQUEST_REFUND");
		expect(failed.items.map((i: { status: string }) => i.status).sort()).toEqual([
			"BOOK_FAILED",
			"CANCELED",
			"CANCELED",
		]);
		const live = (await partnerOrders(booking.id)).filter((o) => o.status === "BOOKED");
		expect(live).toEqual([]);
		await eventually(async () => {
			await runDurableObjectAlarm(env.BOOKING.get(env.BOOKING.idFromName(booking.id)));
			const held = (await (await sandbox(`/payments/${paymentIdOf(booking)}`)).json()) as {
				refunds: Array<{ amount: number }>;
			};
			expect(held.refunds.map((r) => r.amount)).toEqual([booking.pricing.total]);
		}, 10_000);
	});

	it("books a flaky partner after retries", async () => {
		const { token, booking } = await paidBooking("cust_saga_flaky", ["sandbox:flaky:2"]);
		const done = await eventually(async () => {
			await runDurableObjectAlarm(saga(booking.id));
			const res = await call("GET", `/v1/bookings/${booking.id}`, { token });
			expect(res.body.items[0].status).toBe("BOOKED");
			return res.body;
		}, 20_000);
		expect(done.status).toBe("ACTIVE");
		const { log } = (await saga(booking.id).inspect()) as { log: SagaLog };
		expect(log.steps[0]?.attempts).toBe(3);
	});
});

describe("saga recovery and async partners", () => {
	it("repeats an interrupted call with the same key after a restart, without booking twice", async () => {
		const { token, booking } = await paidBooking("cust_saga_crash", [undefined]);
		await eventually(async () => {
			const res = await call("GET", `/v1/bookings/${booking.id}`, { token });
			expect(res.body.items[0].status).toBe("BOOKED");
		}, 15_000);
		// Rewind the stored log to "call in flight" — what a process killed mid-call leaves behind.
		await runInDurableObject(saga(booking.id), async (_instance: SagaDO, state) => {
			const log = state.storage.kv.get<SagaLog>("log") as SagaLog;
			const [step] = log.steps;
			if (!step) throw new Error("no step");
			state.storage.kv.put("log", { ...log, status: "RUNNING", steps: [{ ...step, state: "IN_FLIGHT" }] });
			// The alarm armed before the call is what wakes the object after a restart.
			await state.storage.setAlarm(Date.now());
		});
		const log = await eventually(async () => {
			await runDurableObjectAlarm(saga(booking.id));
			const held = (await saga(booking.id).inspect()) as { log: SagaLog };
			expect(held.log.status).toBe("SUCCEEDED");
			return held.log;
		});
		expect(log.steps[0]?.attempts).toBe(2);
		expect(log.steps[0]?.history.map((h) => h.outcome)).toEqual(["ok", "interrupted", "ok"]);
		expect(await partnerOrders(booking.id)).toHaveLength(1);
	});

	it("waits for an async partner's confirmation", async () => {
		const { token, booking } = await paidBooking("cust_saga_async", ["sandbox:async-confirm"]);
		const pending = await eventually(async () => {
			const res = await call("GET", `/v1/internal/bookings/${booking.id}`.replace("/v1", ""), {
				token: env.INTERNAL_SERVICE_TOKEN,
			});
			expect(res.body.saga.log.steps[0].state).toBe("AWAITING_CONFIRMATION");
			return res.body.saga.log.steps[0];
		}, 10_000);
		expect((await call("GET", `/v1/bookings/${booking.id}`, { token })).body.items[0].status).toBe("BOOKING");
		const confirmed = await partnerCallback({
			id: `evt_${crypto.randomUUID()}`,
			partnerRef: pending.ref,
			bookingId: booking.id,
			itemId: pending.id,
			businessType: "TAXI",
			status: "CONFIRMED",
			occurredAt: new Date().toISOString(),
		});
		expect(confirmed.status).toBe(200);
		await eventually(async () => {
			await runDurableObjectAlarm(saga(booking.id));
			expect((await call("GET", `/v1/bookings/${booking.id}`, { token })).body.items[0].status).toBe(
				"BOOKED",
			);
		}, 10_000);
	});
});
