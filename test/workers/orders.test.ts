import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { historyRepository, historyShape } from "../../src/db";
import type { BookingState } from "../../src/domain/booking";
import type { BookingDO } from "../../src/durable/booking";
import {
	call,
	cartReady,
	customerContact,
	eventually,
	paymentEvent,
	paymentWebhook,
	placeOrder,
	problem,
	sandbox,
	taxiItem,
	tokenFor,
} from "./support";

const paymentIdOf = (booking: { payment: { url?: string } }) => booking.payment.url?.split("/pay/")[1] ?? "";
const stubOf = (bookingId: string) => env.BOOKING.get(env.BOOKING.idFromName(bookingId));
const THIRTY_MINUTES = 30 * 60_000;

async function orderedBooking(sub: string, method = "GOPAY", quantity = 1) {
	const token = await tokenFor(sub);
	const { cartId, unitPrice } = await cartReady(token, quantity);
	const res = await placeOrder(token, cartId, method);
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return { token, cartId, unitPrice, booking: res.body.booking, payment: res.body.payment };
}

describe("CreateOrder", () => {
	it("books the cart with fees, a payment link and a locked cart", async () => {
		const { token, cartId, unitPrice, booking, payment } = await orderedBooking("cust_order", "GOPAY", 2);
		expect(booking).toMatchObject({
			id: expect.stringMatching(/^bkg_/),
			cartId,
			status: "CREATED",
			channel: "APP",
			customer: customerContact,
			version: expect.any(Number),
		});
		// A taxi line of quantity 2 is two partner bookings.
		expect(booking.items).toHaveLength(2);
		expect(
			booking.items.every(
				(item: { status: string; quantity: number }) => item.status === "PENDING" && item.quantity === 1,
			),
		).toBe(true);
		expect(booking.fees).toEqual([
			{
				feeId: expect.any(String),
				code: "PLATFORM_FEE",
				name: expect.any(String),
				businessType: "TAXI",
				amount: 4_000,
			},
		]);
		expect(booking.pricing).toEqual({
			subtotal: unitPrice * 2,
			discount: 0,
			fees: 4_000,
			total: unitPrice * 2 + 4_000,
		});
		expect(payment).toEqual({
			status: "WAITING_FOR_PAYMENT",
			url: expect.stringContaining("/pay/pay_"),
			expiresAt: expect.any(String),
		});
		expect(Date.parse(payment.expiresAt) - Date.parse(booking.createdAt)).toBeGreaterThan(
			THIRTY_MINUTES - 10_000,
		);
		const cart = await call("GET", `/v1/carts/${cartId}`, { token });
		expect(cart.body).toMatchObject({ status: "CHECKED_OUT", bookingId: booking.id });
		const again = await placeOrder(token, cartId);
		expect(again.status).toBe(201);
		expect(again.body.booking.id).toBe(booking.id);
		const detail = await call("GET", `/v1/bookings/${booking.id}`, { token });
		expect(detail).toMatchObject({ status: 200, body: { id: booking.id, status: "CREATED" } });
		const pay = await call("GET", `/v1/bookings/${booking.id}/payment`, { token });
		expect(pay.body).toMatchObject({
			method: "GOPAY",
			status: "WAITING_FOR_PAYMENT",
			amount: booking.pricing.total,
		});
		const other = await call("GET", `/v1/bookings/${booking.id}`, { token: await tokenFor("cust_nosy") });
		expect(other.body).toEqual(problem("BOOKING_NOT_FOUND", 404));
	});

	it("adds the card surcharge for credit cards", async () => {
		const { booking } = await orderedBooking("cust_card", "CREDIT_CARD");
		const surcharge = booking.fees.find((fee: { code: string }) => fee.code === "CARD_SURCHARGE");
		expect(surcharge.amount).toBe(Math.ceil((booking.pricing.subtotal * 150) / 10_000));
	});

	it("activates a cash booking at once, without a link", async () => {
		const { booking, payment } = await orderedBooking("cust_cash", "CASH");
		expect(booking.status).toBe("ACTIVE");
		expect(payment).toEqual({ status: "PAID" });
	});

	it("replays the same booking for the same Idempotency-Key and refuses it for another body", async () => {
		const token = await tokenFor("cust_idem_order");
		const { cartId } = await cartReady(token);
		const headers = { "idempotency-key": "order-1" };
		const first = await placeOrder(token, cartId, "DANA", headers);
		const second = await placeOrder(token, cartId, "DANA", headers);
		expect(second.body.booking.id).toBe(first.body.booking.id);
		const other = await placeOrder(token, cartId, "OVO", headers);
		expect(other.status).toBe(409);
		expect(other.body).toEqual(problem("IDEMPOTENCY_KEY_REUSED", 409));
	});

	it("allows exactly 2 unfinished GOPAY bookings out of 10 concurrent orders", async () => {
		const token = await tokenFor("cust_limits");
		const carts = await Promise.all(Array.from({ length: 10 }, () => cartReady(token)));
		const results = await Promise.all(carts.map(({ cartId }) => placeOrder(token, cartId, "GOPAY")));
		const created = results.filter((r) => r.status === 201);
		const refused = results.filter((r) => r.status === 409);
		expect(created).toHaveLength(2);
		expect(refused).toHaveLength(8);
		for (const r of refused) expect(r.body).toEqual(problem("PAYMENT_METHOD_LIMIT", 409));
		// A refused checkout gives its cart back at once.
		const refusedCart = carts[results.findIndex((r) => r.status === 409)];
		expect((await call("GET", `/v1/carts/${refusedCart?.cartId}`, { token })).body.status).toBe("OPEN");
		// Another method still works, and canceling one GOPAY booking frees a slot.
		const cancel = await call("POST", `/v1/bookings/${created[0]?.body.booking.id}/cancel`, { token });
		expect(cancel.body.status).toBe("CANCELED");
		await eventually(async () =>
			expect((await placeOrder(token, refusedCart?.cartId ?? "", "GOPAY")).status).toBe(201),
		);
	});

	it("refuses a card order beyond the daily budget", async () => {
		const token = await tokenFor("cust_budget");
		const { cartId } = await cartReady(token, 10);
		const carts = [cartId, (await cartReady(token, 10)).cartId, (await cartReady(token, 10)).cartId];
		const statuses: number[] = [];
		let refusal: unknown;
		for (const id of carts) {
			const res = await placeOrder(token, id, "CREDIT_CARD");
			statuses.push(res.status);
			if (res.status === 409) refusal = res.body;
		}
		// Each cart costs well over 100,000; the 2,000,000 budget cannot hold all three... or the slot limit (2) trips.
		expect(statuses.filter((s) => s === 201).length).toBeLessThanOrEqual(2);
		expect(refusal).toMatchObject({
			status: 409,
			code: expect.stringMatching(/^(CARD_DAILY_BUDGET_EXCEEDED|PAYMENT_METHOD_LIMIT)$/),
		});
	});

	it("cancels and gives the cart back when no payment link can be had", async () => {
		const token = await tokenFor("cust_nolink");
		const { cartId } = await cartReady(token, 1, "sandbox:link-fails");
		const res = await placeOrder(token, cartId, "OVO");
		expect(res.status).toBe(502);
		expect(res.body).toEqual(problem("PAYMENT_LINK_UNAVAILABLE", 502));
		expect((await call("GET", `/v1/carts/${cartId}`, { token })).body.status).toBe("OPEN");
		const customer = env.CUSTOMER.get(env.CUSTOMER.idFromName("cust_nolink"));
		await eventually(async () => expect((await customer.snapshot()).active).toEqual([]));
	});

	it("validates the order body", async () => {
		const token = await tokenFor("cust_badorder");
		const res = await call("POST", "/v1/orders", {
			token,
			body: { cartId: "cart_x", paymentMethod: "BITCOIN", customer: { name: "", email: "nope", phone: "1" } },
		});
		expect(res.status).toBe(400);
		expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
			"customer.email",
			"customer.name",
			"customer.phone",
			"paymentMethod",
		]);
		expect((await call("POST", "/v1/orders", { body: {} })).status).toBe(401);
	});
});

describe("payment webhooks", () => {
	it("activates the booking once for 20 concurrent duplicates", async () => {
		const { token, booking } = await orderedBooking("cust_paid");
		const event = paymentEvent(booking, paymentIdOf(booking), "payment.paid");
		const results = await Promise.all(Array.from({ length: 20 }, () => paymentWebhook(event)));
		expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
		expect(results.filter((r) => r.body.changed)).toHaveLength(1);
		expect(results.filter((r) => r.body.duplicate)).toHaveLength(19);
		const detail = await call("GET", `/v1/bookings/${booking.id}`, { token });
		expect(detail.body).toMatchObject({ status: "ACTIVE", payment: { status: "PAID" } });
		expect(detail.body.items.every((item: { status: string }) => item.status === "PENDING")).toBe(true);
		// Out of order: a late FAILED never moves a paid booking backwards.
		const late = await paymentWebhook(paymentEvent(booking, paymentIdOf(booking), "payment.failed"));
		expect(late.body).toMatchObject({ changed: false, bookingStatus: "ACTIVE", paymentStatus: "PAID" });
	});

	it("refuses unsigned, stale, forged and tampered webhooks and changes nothing", async () => {
		const { token, booking } = await orderedBooking("cust_forged");
		const event = paymentEvent(booking, paymentIdOf(booking), "payment.paid");
		const raw = JSON.stringify(event);
		const cases = [
			await paymentWebhook(event, { signature: null }),
			await paymentWebhook(event, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
			await paymentWebhook(event, { secret: "whsec_someone_else" }),
			await paymentWebhook(event, { signature: "t=abc,v1=zz" }),
		];
		for (const res of cases) {
			expect(res.status).toBe(401);
			expect(res.body).toEqual(problem("SIGNATURE_INVALID", 401));
		}
		// Tampered: the amount changed after signing.
		const signed = await paymentWebhook(event, { rawBody: raw, signature: undefined });
		expect(signed.status).toBe(200);
		const { token: t2, booking: b2 } = await orderedBooking("cust_tampered");
		const genuine = paymentEvent(b2, paymentIdOf(b2), "payment.paid");
		const t = Math.floor(Date.now() / 1000);
		const goodHeader = (await paymentWebhook(genuine, { timestamp: t, signature: undefined })).status;
		expect(goodHeader).toBe(200);
		const tamperedBody = JSON.stringify({
			...genuine,
			id: "evt_tampered",
			data: { ...genuine.data, amount: 1 },
		});
		const tampered = await paymentWebhook(genuine, {
			rawBody: tamperedBody,
			signature: `t=${t},v1=${"0".repeat(64)}`,
		});
		expect(tampered.status).toBe(401);
		// Validly signed but with another amount: refused as a mismatch.
		const { booking: b3, token: t3 } = await orderedBooking("cust_mismatch");
		const wrongAmount = await paymentWebhook({
			...paymentEvent(b3, paymentIdOf(b3), "payment.paid"),
			data: { paymentId: paymentIdOf(b3), reference: b3.id, amount: 1 },
		});
		expect(wrongAmount.status).toBe(400);
		expect(wrongAmount.body).toEqual(problem("AMOUNT_MISMATCH", 400));
		expect((await call("GET", `/v1/bookings/${b3.id}`, { token: t3 })).body.status).toBe("CREATED");
		expect((await call("GET", `/v1/bookings/${booking.id}`, { token })).body.status).toBe("ACTIVE");
		expect((await call("GET", `/v1/bookings/${b2.id}`, { token: t2 })).body.status).toBe("ACTIVE");
	});

	it("cancels on a failed payment, releases the limit and reopens the cart", async () => {
		const { token, cartId, booking } = await orderedBooking("cust_failed");
		const res = await paymentWebhook(paymentEvent(booking, paymentIdOf(booking), "payment.failed"));
		expect(res.body).toMatchObject({ changed: true, bookingStatus: "CANCELED", paymentStatus: "FAILED" });
		await eventually(async () =>
			expect((await call("GET", `/v1/carts/${cartId}`, { token })).body.status).toBe("OPEN"),
		);
		const customer = env.CUSTOMER.get(env.CUSTOMER.idFromName("cust_failed"));
		await eventually(async () => expect((await customer.snapshot()).active).toEqual([]));
	});

	it("answers 404 for a booking it does not know", async () => {
		const res = await paymentWebhook({
			id: "evt_x",
			type: "payment.paid",
			data: { paymentId: "pay_x", reference: "bkg_0000000000000000000000", amount: 1 },
		});
		expect(res.body).toEqual(problem("BOOKING_NOT_FOUND", 404));
	});
});

describe("payment expiry and late payments", () => {
	const shift = (bookingId: string, offset: number) =>
		runInDurableObject(stubOf(bookingId), (instance: BookingDO) => {
			instance.clock = { now: () => Date.now() + offset };
		});

	it("cancels an unpaid booking at the deadline, voids the link, and refunds a PAID that arrives after", async () => {
		const { token, cartId, booking } = await orderedBooking("cust_expiry");
		const paymentId = paymentIdOf(booking);
		await shift(booking.id, THIRTY_MINUTES + 1_000);
		await runDurableObjectAlarm(stubOf(booking.id));
		await eventually(async () =>
			expect((await call("GET", `/v1/bookings/${booking.id}`, { token })).body).toMatchObject({
				status: "CANCELED",
				cancelReason: "PAYMENT_EXPIRED",
			}),
		);
		await eventually(async () =>
			expect(((await (await sandbox(`/payments/${paymentId}`)).json()) as { status: string }).status).toBe(
				"VOIDED",
			),
		);
		expect((await call("GET", `/v1/carts/${cartId}`, { token })).body.status).toBe("OPEN");
		// The customer paid in the last second anyway: the money is recorded and refunded.
		await sandbox(`/payments/${paymentId}/simulate`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ outcome: "PAID" }),
		});
		const late = await paymentWebhook(paymentEvent(booking, paymentId, "payment.paid"));
		expect(late.body).toMatchObject({
			changed: true,
			bookingStatus: "CANCELED",
			paymentStatus: "REQUEST_REFUND",
		});
		await runDurableObjectAlarm(stubOf(booking.id));
		const processor = await eventually(async () => {
			const held = (await (await sandbox(`/payments/${paymentId}`)).json()) as {
				refunds: Array<{ refundId: string; amount: number }>;
			};
			expect(held.refunds).toHaveLength(1);
			return held;
		});
		expect(processor.refunds[0]?.amount).toBe(booking.pricing.total);
		const refunded = await paymentWebhook(
			paymentEvent(booking, paymentId, "refund.succeeded", {
				refund: { refundId: processor.refunds[0]?.refundId, amount: booking.pricing.total },
			}),
		);
		expect(refunded.body).toMatchObject({ changed: true, paymentStatus: "REFUND_SUCCESS" });
		// A redelivered PAID changes nothing and causes no second refund.
		const again = await paymentWebhook(paymentEvent(booking, paymentId, "payment.paid"));
		expect(again.body.changed).toBe(false);
		await runDurableObjectAlarm(stubOf(booking.id));
		expect(
			((await (await sandbox(`/payments/${paymentId}`)).json()) as { refunds: unknown[] }).refunds,
		).toHaveLength(1);
	});

	it("honours a payment made in the last second before the deadline", async () => {
		const { token, booking } = await orderedBooking("cust_lastsecond");
		const paymentId = paymentIdOf(booking);
		await sandbox(`/payments/${paymentId}/simulate`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ outcome: "PAID" }),
		});
		await shift(booking.id, THIRTY_MINUTES + 1_000);
		await runDurableObjectAlarm(stubOf(booking.id));
		await eventually(async () =>
			expect((await call("GET", `/v1/bookings/${booking.id}`, { token })).body).toMatchObject({
				status: "ACTIVE",
				payment: { status: "PAID" },
			}),
		);
	});

	it("lets the customer cancel before paying, but not after", async () => {
		const { token, cartId, booking } = await orderedBooking("cust_cancel");
		const res = await call("POST", `/v1/bookings/${booking.id}/cancel`, { token });
		expect(res.body).toMatchObject({
			status: "CANCELED",
			cancelReason: "CANCELED_BY_CUSTOMER",
			payment: { status: "CANCELED" },
		});
		expect((await call("POST", `/v1/bookings/${booking.id}/cancel`, { token })).status).toBe(200);
		expect((await call("GET", `/v1/carts/${cartId}`, { token })).body.status).toBe("OPEN");
		await eventually(async () =>
			expect(
				((await (await sandbox(`/payments/${paymentIdOf(booking)}`)).json()) as { status: string }).status,
			).toBe("VOIDED"),
		);
		const paid = await orderedBooking("cust_cancel_paid");
		await paymentWebhook(paymentEvent(paid.booking, paymentIdOf(paid.booking), "payment.paid"));
		const refused = await call("POST", `/v1/bookings/${paid.booking.id}/cancel`, { token: paid.token });
		expect(refused.status).toBe(409);
		expect(refused.body).toEqual(problem("BOOKING_NOT_CANCELABLE", 409));
	});
});

describe("order history", () => {
	it("matches the booking's own state after each flow and lists newest first", async () => {
		const { token, booking } = await orderedBooking("cust_history");
		await paymentWebhook(paymentEvent(booking, paymentIdOf(booking), "payment.paid"));
		const second = await orderedBooking("cust_history", "DANA");
		const repo = historyRepository(env);
		for (const id of [booking.id, second.booking.id]) {
			await runDurableObjectAlarm(stubOf(id));
			const { booking: state } = (await stubOf(id).inspect()) as { booking?: BookingState };
			if (!state) throw new Error(`booking ${id} has no state`);
			await eventually(async () => expect(await repo.getBooking(id)).toEqual(historyShape(state)));
		}
		const list = await call("GET", "/v1/bookings", { token });
		expect(list.body.bookings.map((b: { id: string }) => b.id)).toEqual([second.booking.id, booking.id]);
		const active = await call("GET", "/v1/bookings?status=ACTIVE", { token });
		expect(active.body.bookings.map((b: { id: string }) => b.id)).toEqual([booking.id]);
		const page = await call("GET", "/v1/bookings?limit=1", { token });
		expect(page.body.nextCursor).toEqual(expect.any(String));
		const next = await call("GET", `/v1/bookings?limit=1&cursor=${page.body.nextCursor}`, { token });
		expect(next.body.bookings.map((b: { id: string }) => b.id)).toEqual([booking.id]);
		expect((await call("GET", "/v1/bookings?cursor=garbage", { token })).status).toBe(400);
		const events = await eventually(async () => {
			const logged = await repo.eventsFor(booking.id);
			expect(logged.map((e) => e.type)).toEqual(
				expect.arrayContaining(["booking.created", "payment.updated", "booking.active"]),
			);
			return logged;
		});
		expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
	});
});

describe("guest orders", () => {
	it("orders without an account and opens the booking with the access token only", async () => {
		const token = await tokenFor("cust_search_for_guest");
		const { body } = await taxiItem(token);
		const res = await call("POST", "/v1/web/orders", {
			body: { items: [body], paymentMethod: "SHOPEEPAY", customer: customerContact },
			headers: { "idempotency-key": "web-1" },
		});
		expect(res.status, JSON.stringify(res.body)).toBe(201);
		expect(res.body).toMatchObject({
			booking: { channel: "WEB", status: "CREATED" },
			payment: { status: "WAITING_FOR_PAYMENT" },
			accessToken: expect.any(String),
		});
		const replay = await call("POST", "/v1/web/orders", {
			body: { items: [body], paymentMethod: "SHOPEEPAY", customer: customerContact },
			headers: { "idempotency-key": "web-1" },
		});
		expect(replay.body.booking.id).toBe(res.body.booking.id);
		const detail = await call("GET", `/v1/web/orders/${res.body.booking.id}`, {
			token: res.body.accessToken,
		});
		expect(detail).toMatchObject({ status: 200, body: { id: res.body.booking.id } });
		expect((await call("GET", `/v1/web/orders/${res.body.booking.id}`)).status).toBe(401);
		expect((await call("GET", `/v1/web/orders/${res.body.booking.id}`, { token })).status).toBe(401);
		const other = await call("POST", "/v1/web/orders", {
			body: { items: [body], paymentMethod: "SHOPEEPAY", customer: customerContact },
		});
		expect(
			(await call("GET", `/v1/web/orders/${other.body.booking.id}`, { token: res.body.accessToken })).status,
		).toBe(401);
	});
});
