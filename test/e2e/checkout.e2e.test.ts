// Checkout and payments end to end: the real `npm start` stack (sandbox + orchestrator on
// workerd), driven over HTTP only. Payments end the way a customer ends them: on the
// sandbox's hosted payment page, or through its control surface, which sends the real signed
// webhooks. Unpaid bookings expire after DURATION_WAITING_FOR_PAYMENT=5s.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, isPortOpen, jakartaTime, type Stack, startE2eStack, stopAllStacks, tokenFor } from "./support";

interface Fleet {
	fleetId: string;
	unitPrice: number;
}
interface Search {
	sessionId: string;
	fleets: Fleet[];
}
interface Cart {
	id: string;
	status: "OPEN" | "CHECKED_OUT" | "EXPIRED";
	items: { id: string; businessType: string; amount: number }[];
	pricing: { subtotal: number; discount: number; fees: number; total: number };
}
interface Booking {
	id: string;
	cartId: string;
	status: "CREATED" | "ACTIVE" | "COMPLETED" | "FAILED" | "CANCELED";
	channel: "APP" | "WEB";
	customer: { name: string; email: string; phone: string };
	items: {
		id: string;
		businessType: string;
		status: string;
		amount: number;
		details: Record<string, unknown>;
	}[];
	pricing: { subtotal: number; discount: number; fees: number; total: number };
	fees: { code: string; amount: number }[];
	payment: {
		method: string;
		status: string;
		amount: number;
		url?: string;
		expiresAt?: string;
		paidAt?: string;
	};
	cancelReason?: string;
	updatedAt: string;
	version: number;
}
interface Order {
	booking: Booking;
	payment: { status: string; url?: string; expiresAt?: string };
	accessToken?: string;
}
interface BookingSummary {
	id: string;
	status: string;
	total: number;
	paymentMethod: string;
	paymentStatus: string;
	itemCount: number;
}
interface ProcessorPayment {
	paymentId: string;
	reference: string;
	amount: number;
	status: "PENDING" | "PAID" | "FAILED" | "CANCELED" | "VOIDED";
	refunds: { refundId: string; amount: number; status: "PENDING" | "SUCCEEDED" }[];
	events: { id: string; type: string }[];
	deliveries: { eventId: string; state: string; attempts: number; lastStatus?: number }[];
}

const PAYMENT_WINDOW_MS = 5_000;

const taxiSearch = {
	pickup: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
	dropoff: { lat: -6.2255, lng: 106.8023, address: "Senayan, Jakarta" },
	pickupAt: jakartaTime(24),
};
const rentSearch = { city: "Jakarta", startAt: jakartaTime(48), endAt: jakartaTime(96), withDriver: true };
const customer = { name: "Budi Santoso", email: "budi@example.com", phone: "+6281234567890" };

/**
 * Calls `read` until `done` holds for its result, every `intervalMs`, and resolves with that
 * result; after `timeoutMs` it fails with the last result seen. `seen` collects every result.
 */
async function until<T>(
	what: string,
	read: () => Promise<T>,
	done: (value: T) => boolean,
	{
		timeoutMs = 10_000,
		intervalMs = 100,
		seen,
	}: { timeoutMs?: number; intervalMs?: number; seen?: T[] } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		seen?.push(value);
		if (done(value)) return value;
		if (Date.now() >= deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
		}
		await sleep(intervalMs);
	}
}

/** The payment id is the last segment of the hosted page's URL (`<sandbox>/pay/<paymentId>`). */
function paymentIdOf(url: string | undefined): string {
	const id = url?.split("/pay/")[1];
	if (!id) throw new Error(`not a payment link: ${url}`);
	return id;
}

describe("checkout and payments over the real npm start stack", () => {
	let stack: Stack | undefined;
	let api: string;
	let sandbox: string;
	const suffix = Math.random().toString(36).slice(2, 8);
	/** A fresh customer per test: GOPAY allows 2 unfinished bookings per customer. */
	const newCustomer = (name: string) => tokenFor(stack as Stack, `cust_e2e_${name}_${suffix}`);

	beforeAll(async () => {
		stack = await startE2eStack({ DURATION_WAITING_FOR_PAYMENT: `${PAYMENT_WINDOW_MS / 1000}s` });
		api = stack.url;
		sandbox = stack.sandboxUrl;
	});

	afterAll(async () => {
		if (!stack) {
			await stopAllStacks(); // start-up failed or timed out: leave nothing running
			return;
		}
		const { port, sandboxPort } = stack;
		const status = await stack.stop();
		expect(status, stack.output().split("\n").slice(-30).join("\n")).toEqual({ code: 0, signal: null });
		expect(await isPortOpen(port)).toBe(false);
		expect(await isPortOpen(sandboxPort)).toBe(false);
	});

	/** The AddCartItem bodies of a TAXI ride and a RENT car, from real searches. */
	async function searchedItems(token: string) {
		const [taxi, rent] = await Promise.all([
			call<Search>(api, "POST", "/v1/searches", {
				token,
				body: { businessType: "TAXI", details: taxiSearch },
			}),
			call<Search>(api, "POST", "/v1/searches", {
				token,
				body: { businessType: "RENT", details: rentSearch },
			}),
		]);
		expect(taxi.status, JSON.stringify(taxi.body)).toBe(200);
		expect(rent.status, JSON.stringify(rent.body)).toBe(200);
		const taxiFleet = taxi.body.fleets[0] as Fleet;
		const rentFleet = rent.body.fleets[0] as Fleet;
		return [
			{
				businessType: "TAXI",
				sessionId: taxi.body.sessionId,
				fleetId: taxiFleet.fleetId,
				quantity: 1,
				details: { ...taxiSearch, passenger: { name: "Siti Rahayu", phone: "+6281298765432" } },
			},
			{
				businessType: "RENT",
				sessionId: rent.body.sessionId,
				fleetId: rentFleet.fleetId,
				quantity: 1,
				details: { ...rentSearch, notes: "Child seat, please" },
			},
		];
	}

	/** search → cart with a TAXI and a RENT item; resolves with the cart. */
	async function cartWithTwoItems(token: string): Promise<Cart> {
		const items = await searchedItems(token);
		const created = await call<Cart>(api, "POST", "/v1/carts", { token });
		expect(created.status, JSON.stringify(created.body)).toBe(201);
		let cart = created.body;
		for (const item of items) {
			const added = await call<{ cart: Cart }>(api, "POST", `/v1/carts/${cart.id}/items`, {
				token,
				body: item,
			});
			expect(added.status, JSON.stringify(added.body)).toBe(201);
			cart = added.body.cart;
		}
		expect(cart.items.map((item) => item.businessType)).toEqual(["TAXI", "RENT"]);
		return cart;
	}

	async function placeOrder(
		token: string,
		cartId: string,
		paymentMethod: string,
		{ key, customer: contact = customer }: { key?: string; customer?: typeof customer } = {},
	) {
		const response = await fetch(`${api}/v1/orders`, {
			method: "POST",
			headers: {
				accept: "application/json",
				authorization: `Bearer ${token}`,
				"content-type": "application/json",
				...(key ? { "idempotency-key": key } : {}),
			},
			body: JSON.stringify({ cartId, paymentMethod, customer: contact }),
			signal: AbortSignal.timeout(15_000),
		});
		return {
			status: response.status,
			contentType: response.headers.get("content-type") ?? "",
			body: (await response.json()) as Order & { code?: string },
		};
	}

	async function orderedWithLink(token: string, cart: Cart): Promise<Order> {
		const order = await placeOrder(token, cart.id, "GOPAY");
		expect(order.status, JSON.stringify(order.body)).toBe(201);
		expect(order.body.payment).toMatchObject({
			status: "WAITING_FOR_PAYMENT",
			url: expect.stringMatching(new RegExp(`^${sandbox}/pay/`)),
			expiresAt: expect.any(String),
		});
		return order.body;
	}

	const getBooking = async (token: string, id: string) => {
		const response = await call<Booking>(api, "GET", `/v1/bookings/${id}`, { token });
		expect(response.status, JSON.stringify(response.body)).toBe(200);
		return response.body;
	};
	/** The booking once its version has not moved for `quietMs` (items no longer in flight). */
	async function quietBooking(token: string, id: string, quietMs = 500): Promise<Booking> {
		let last = await getBooking(token, id);
		let since = Date.now();
		const deadline = Date.now() + 10_000;
		while (Date.now() - since < quietMs) {
			if (Date.now() > deadline) throw new Error(`booking ${id} kept changing: ${JSON.stringify(last)}`);
			await sleep(100);
			const next = await getBooking(token, id);
			if (next.version !== last.version) since = Date.now();
			last = next;
		}
		return last;
	}
	const getCart = async (token: string, id: string) =>
		(await call<Cart>(api, "GET", `/v1/carts/${id}`, { token })).body;
	const processorPayment = async (paymentId: string) => {
		const response = await call<ProcessorPayment>(sandbox, "GET", `/payments/${paymentId}`);
		expect(response.status, JSON.stringify(response.body)).toBe(200);
		return response.body;
	};
	const simulate = (paymentId: string, outcome: "PAID" | "FAILED" | "CANCELED") =>
		call<ProcessorPayment>(sandbox, "POST", `/payments/${paymentId}/simulate`, { body: { outcome } });

	it("pays on the hosted page: ACTIVE by the signed webhook, listed, and a redelivery changes nothing", async () => {
		const token = await newCustomer("paid");
		const cart = await cartWithTwoItems(token);
		const { booking, payment } = await orderedWithLink(token, cart);
		expect(booking).toMatchObject({
			cartId: cart.id,
			status: "CREATED",
			channel: "APP",
			customer,
			payment: {
				method: "GOPAY",
				status: "WAITING_FOR_PAYMENT",
				amount: booking.pricing.total,
				url: payment.url,
			},
		});
		expect(booking.items.map((item) => [item.businessType, item.status])).toEqual([
			["TAXI", "PENDING"],
			["RENT", "PENDING"],
		]);
		expect(booking.pricing.subtotal).toBe(cart.pricing.subtotal);
		expect(booking.pricing.total).toBe(
			booking.pricing.subtotal - booking.pricing.discount + booking.pricing.fees,
		);
		expect(booking.fees.reduce((sum, fee) => sum + fee.amount, 0)).toBe(booking.pricing.fees);
		expect(Date.parse(payment.expiresAt ?? "") - Date.now()).toBeLessThanOrEqual(PAYMENT_WINDOW_MS + 1_000);
		expect((await getCart(token, cart.id)).status).toBe("CHECKED_OUT");

		// The customer follows the link: a page with Pay / Fail / Cancel forms.
		const paymentId = paymentIdOf(payment.url);
		const page = await fetch(payment.url as string, { signal: AbortSignal.timeout(15_000) });
		expect(page.status).toBe(200);
		expect(page.headers.get("content-type")).toContain("text/html");
		const html = await page.text();
		expect(html).toContain(booking.id);
		const forms = [
			...html.matchAll(
				/<form method="post" action="([^"]+)">\s*<input type="hidden" name="outcome" value="(\w+)">/g,
			),
		];
		expect(forms.map((form) => form[2])).toEqual(["PAID", "FAILED", "CANCELED"]);
		const payForm = forms.find((form) => form[2] === "PAID") as RegExpMatchArray;

		// …and presses Pay: the browser posts the form, url-encoded, to the form's action.
		const paid = await fetch(new URL(payForm[1] as string, payment.url), {
			method: "POST",
			headers: { "content-type": "application/x-www-form-urlencoded" },
			body: new URLSearchParams({ outcome: "PAID" }),
			signal: AbortSignal.timeout(15_000),
		});
		expect(paid.status).toBe(200);
		expect(await paid.text()).toContain("Payment received");

		// The processor's signed webhook, not this test, activates the booking.
		const active = await until(
			"the booking to become ACTIVE",
			() => getBooking(token, booking.id),
			(b) => b.status === "ACTIVE",
		);
		expect(active.payment).toMatchObject({ method: "GOPAY", status: "PAID", amount: booking.payment.amount });
		expect(active.payment.paidAt).toEqual(expect.any(String));
		expect(active.payment.url).toBeUndefined();
		expect(active.version).toBeGreaterThan(booking.version);
		const paymentView = await call(api, "GET", `/v1/bookings/${booking.id}/payment`, { token });
		expect(paymentView).toMatchObject({
			status: 200,
			body: { status: "PAID", amount: booking.payment.amount },
		});

		// The processor records its delivery as DELIVERED once it has read the 200, which can land a
		// moment after the booking turned ACTIVE.
		const atProcessor = await until(
			"the processor to record the webhook delivered",
			() => processorPayment(paymentId),
			(p) => p.deliveries.every((delivery) => delivery.state === "DELIVERED"),
			{ timeoutMs: 5_000 },
		);
		expect(atProcessor).toMatchObject({
			status: "PAID",
			reference: booking.id,
			amount: booking.payment.amount,
		});
		expect(atProcessor.events.map((event) => event.type)).toEqual(["payment.paid"]);
		expect(atProcessor.deliveries).toEqual([
			expect.objectContaining({ eventId: atProcessor.events[0]?.id, state: "DELIVERED", lastStatus: 200 }),
		]);

		// ListBookings reads the history (D1), which follows the booking within moments.
		const listed = await until(
			"the history to show the booking ACTIVE",
			() => call<{ bookings: BookingSummary[] }>(api, "GET", "/v1/bookings?status=ACTIVE", { token }),
			(r) => r.body.bookings?.some((b) => b.id === booking.id) === true,
			{ timeoutMs: 5_000 },
		);
		expect(listed.body.bookings.find((b) => b.id === booking.id)).toMatchObject({
			status: "ACTIVE",
			total: booking.pricing.total,
			paymentMethod: "GOPAY",
			paymentStatus: "PAID",
			itemCount: 2,
		});
		const all = await call<{ bookings: BookingSummary[] }>(api, "GET", "/v1/bookings", { token });
		expect(all.body.bookings.map((b) => b.id)).toEqual([booking.id]);

		// The processor resends the same event (same id, fresh signature): acknowledged, no change.
		// Compared once the booking is quiet, as the paid booking's own follow-up work (booking
		// its items with the partners) also moves its version.
		const quiet = await quietBooking(token, booking.id);
		const redelivered = await call(sandbox, "POST", `/payments/${paymentId}/redeliver`);
		expect(redelivered).toMatchObject({
			status: 200,
			body: { eventId: atProcessor.events[0]?.id, delivered: true, status: 200 },
		});
		const after = await getBooking(token, booking.id);
		expect(after).toMatchObject({ status: "ACTIVE", version: quiet.version, payment: { status: "PAID" } });
		expect(after.updatedAt).toBe(quiet.updatedAt);
		expect(after.payment.paidAt).toBe(active.payment.paidAt);
	});

	it("expires an unpaid booking, voids the link, reopens the cart, and refunds a last-second payment", async () => {
		const token = await newCustomer("expiry");
		const cart = await cartWithTwoItems(token);
		const { booking, payment } = await orderedWithLink(token, cart);
		const paymentId = paymentIdOf(payment.url);

		// Nobody pays: about 5 s later the booking's alarm cancels it.
		const canceled = await until(
			"the unpaid booking to expire",
			() => getBooking(token, booking.id),
			(b) => b.status !== "CREATED",
			{ timeoutMs: PAYMENT_WINDOW_MS + 10_000, intervalMs: 250 },
		);
		expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(payment.expiresAt ?? ""));
		expect(canceled).toMatchObject({
			status: "CANCELED",
			cancelReason: "PAYMENT_EXPIRED",
			payment: { status: "CANCELED", amount: booking.payment.amount },
		});
		expect(canceled.payment.url).toBeUndefined();

		// The link is voided at the processor and the cart is the customer's again.
		await until(
			"the processor to void the payment",
			() => processorPayment(paymentId),
			(p) => p.status === "VOIDED",
		);
		await until(
			"the cart to reopen",
			() => getCart(token, cart.id),
			(c) => c.status === "OPEN",
		);
		const deadPage = await fetch(payment.url as string, { signal: AbortSignal.timeout(15_000) });
		expect(deadPage.status).toBe(200);
		const deadHtml = await deadPage.text();
		expect(deadHtml).toContain("expired");
		expect(deadHtml).not.toContain("<form");

		// The customer who pays in the last second: the processor takes the money anyway.
		const late = await simulate(paymentId, "PAID");
		expect(late, JSON.stringify(late.body)).toMatchObject({ status: 200, body: { status: "PAID" } });

		// The booking stays CANCELED; the money is recorded, refunded, and the refund confirmed.
		const seen: Booking[] = [];
		const refunded = await until(
			"the refund to succeed",
			() => getBooking(token, booking.id),
			(b) => b.payment.status === "REFUND_SUCCESS",
			{ timeoutMs: 15_000, seen },
		);
		for (const b of seen) expect(b.status).toBe("CANCELED");
		const statuses = [...new Set(seen.map((b) => b.payment.status))];
		expect(statuses.slice(-2)).toEqual(["REQUEST_REFUND", "REFUND_SUCCESS"]);
		expect(refunded).toMatchObject({ status: "CANCELED", cancelReason: "PAYMENT_EXPIRED" });
		expect(refunded.payment.paidAt).toEqual(expect.any(String));

		const atProcessor = await processorPayment(paymentId);
		expect(atProcessor.status).toBe("PAID");
		expect(atProcessor.refunds).toEqual([
			expect.objectContaining({ amount: booking.payment.amount, status: "SUCCEEDED" }),
		]);
		expect(atProcessor.events.map((event) => event.type)).toEqual(["payment.paid", "refund.succeeded"]);

		// A redelivered PAID changes nothing and asks for no second refund.
		expect((await call(sandbox, "POST", `/payments/${paymentId}/redeliver`)).status).toBe(200);
		expect(await getBooking(token, booking.id)).toMatchObject({
			status: "CANCELED",
			version: refunded.version,
			payment: { status: "REFUND_SUCCESS" },
		});
		expect((await processorPayment(paymentId)).refunds).toHaveLength(1);
		await until(
			"the history to show the refund",
			() => call<{ bookings: BookingSummary[] }>(api, "GET", "/v1/bookings?status=CANCELED", { token }),
			(r) => r.body.bookings?.find((b) => b.id === booking.id)?.paymentStatus === "REFUND_SUCCESS",
			{ timeoutMs: 5_000 },
		);
	});

	it("cancels on a FAILED payment and gives the cart back for a new checkout", async () => {
		const token = await newCustomer("failed");
		const cart = await cartWithTwoItems(token);
		const { booking, payment } = await orderedWithLink(token, cart);
		const paymentId = paymentIdOf(payment.url);

		const failed = await simulate(paymentId, "FAILED");
		expect(failed, JSON.stringify(failed.body)).toMatchObject({ status: 200, body: { status: "FAILED" } });
		const canceled = await until(
			"the failed payment to cancel the booking",
			() => getBooking(token, booking.id),
			(b) => b.status !== "CREATED",
		);
		expect(canceled).toMatchObject({
			status: "CANCELED",
			cancelReason: "PAYMENT_FAILED",
			payment: { status: "FAILED" },
		});
		await until(
			"the cart to reopen",
			() => getCart(token, cart.id),
			(c) => c.status === "OPEN",
		);

		// The reopened cart checks out again into a new booking with a new link.
		const again = await orderedWithLink(token, cart);
		expect(again.booking.id).not.toBe(booking.id);
		expect(paymentIdOf(again.payment.url)).not.toBe(paymentId);
		expect((await getCart(token, cart.id)).status).toBe("CHECKED_OUT");
		const cancel = await call<Booking>(api, "POST", `/v1/bookings/${again.booking.id}/cancel`, { token });
		expect(cancel).toMatchObject({
			status: 200,
			body: { status: "CANCELED", cancelReason: "CANCELED_BY_CUSTOMER" },
		});
	});

	it("activates a CASH order at once, without a payment link", async () => {
		const token = await newCustomer("cash");
		const cart = await cartWithTwoItems(token);
		const order = await placeOrder(token, cart.id, "CASH");
		expect(order.status, JSON.stringify(order.body)).toBe(201);
		expect(order.body.payment).toEqual({ status: "PAID" });
		expect(order.body.booking).toMatchObject({
			status: "ACTIVE",
			payment: { method: "CASH", status: "PAID", amount: order.body.booking.pricing.total },
		});
		expect(order.body.booking.payment.url).toBeUndefined();
		expect(await getBooking(token, order.body.booking.id)).toMatchObject({ status: "ACTIVE" });
		await until(
			"the history to list the cash booking",
			() => call<{ bookings: BookingSummary[] }>(api, "GET", "/v1/bookings", { token }),
			(r) => r.body.bookings?.[0]?.id === order.body.booking.id && r.body.bookings[0].status === "ACTIVE",
			{ timeoutMs: 5_000 },
		);
	});

	it("replays CreateOrder for the same Idempotency-Key and body, and refuses another body", async () => {
		const token = await newCustomer("idempotent");
		const cart = await cartWithTwoItems(token);
		const key = `order-${suffix}`;
		const [first, second] = await Promise.all([
			placeOrder(token, cart.id, "GOPAY", { key }),
			placeOrder(token, cart.id, "GOPAY", { key }),
		]);
		expect(first.status, JSON.stringify(first.body)).toBe(201);
		expect(second.status, JSON.stringify(second.body)).toBe(201);
		expect(second.body.booking.id).toBe(first.body.booking.id);
		expect(second.body.payment.url).toBe(first.body.payment.url);
		const third = await placeOrder(token, cart.id, "GOPAY", { key });
		expect(third.status).toBe(201);
		expect(third.body.booking.id).toBe(first.body.booking.id);

		const other = await placeOrder(token, cart.id, "OVO", { key });
		expect(other.status).toBe(409);
		expect(other.contentType).toContain("application/problem+json");
		expect(other.body).toMatchObject({ status: 409, code: "IDEMPOTENCY_KEY_REUSED" });
		const otherContact = await placeOrder(token, cart.id, "GOPAY", {
			key,
			customer: { ...customer, name: "Ani" },
		});
		expect(otherContact.status).toBe(409);

		// Only one booking came of it.
		await until(
			"the history to list the booking",
			() => call<{ bookings: BookingSummary[] }>(api, "GET", "/v1/bookings", { token }),
			(r) => (r.body.bookings?.length ?? 0) > 0,
			{ timeoutMs: 5_000 },
		);
		await sleep(300); // a second booking, had there been one, would be projected by now too
		const listed = await call<{ bookings: BookingSummary[] }>(api, "GET", "/v1/bookings", { token });
		expect(listed.body.bookings.map((b) => b.id)).toEqual([first.body.booking.id]);
	});

	it("orders as a guest and reads the order with its access token only", async () => {
		const searcher = await newCustomer("guest_search");
		const items = await searchedItems(searcher);
		const response = await fetch(`${api}/v1/web/orders`, {
			method: "POST",
			headers: { accept: "application/json", "content-type": "application/json" },
			body: JSON.stringify({ items, paymentMethod: "GOPAY", customer }),
			signal: AbortSignal.timeout(15_000),
		});
		const order = (await response.json()) as Order;
		expect(response.status, JSON.stringify(order)).toBe(201);
		expect(order).toMatchObject({
			booking: {
				channel: "WEB",
				status: "CREATED",
				payment: { method: "GOPAY", status: "WAITING_FOR_PAYMENT" },
			},
			payment: { status: "WAITING_FOR_PAYMENT", url: expect.stringMatching(new RegExp(`^${sandbox}/pay/`)) },
			accessToken: expect.any(String),
		});
		expect(order.booking.items.map((item) => item.businessType)).toEqual(["TAXI", "RENT"]);
		const path = `/v1/web/orders/${order.booking.id}`;

		const detail = await call<Booking>(api, "GET", path, { token: order.accessToken });
		expect(detail).toMatchObject({ status: 200, body: { id: order.booking.id, status: "CREATED" } });
		expect((await call(api, "GET", path)).status).toBe(401);
		expect((await call(api, "GET", path, { token: searcher })).status).toBe(401);
		expect((await call(api, "GET", `/v1/bookings/${order.booking.id}`, { token: searcher })).status).toBe(
			404,
		);

		// The guest pays; the access token follows the booking to ACTIVE.
		expect((await simulate(paymentIdOf(order.payment.url), "PAID")).status).toBe(200);
		const active = await until(
			"the guest's booking to become ACTIVE",
			async () => (await call<Booking>(api, "GET", path, { token: order.accessToken })).body,
			(b) => b.status === "ACTIVE",
		);
		expect(active.payment).toMatchObject({ status: "PAID", amount: order.booking.pricing.total });
	});
});
