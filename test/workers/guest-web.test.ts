import { runDurableObjectAlarm } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
	call,
	customerContact,
	eventually,
	paymentEvent,
	paymentIdOf,
	paymentWebhook,
	problem,
	rentSearch,
	sagaDO,
	sandbox,
	taxiSearch,
	tokenFor,
} from "./support";

/**
 * The guest's side of the API, as the reservation and tracking pages use it: quotes without a
 * token (limited per address), the price before ordering, the order with a promo and a return
 * link, the receipt and cancel with the booking's access token, and the live socket.
 */
const ORIGIN = "http://orchestrator.test";
let addresses = 0;
/** Each test speaks from its own address, so the per-address limits never cross tests. */
const fromNewAddress = () => ({ "cf-connecting-ip": `198.51.100.${++addresses}` });

async function guestQuote(businessType: "TAXI" | "RENT", ip: Record<string, string>) {
	const details = businessType === "TAXI" ? taxiSearch() : rentSearch();
	const res = await call("POST", "/v1/searches", { body: { businessType, details }, headers: ip });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	const fleet = res.body.fleets[0];
	return {
		businessType,
		sessionId: res.body.sessionId as string,
		fleetId: fleet.fleetId as string,
		quantity: 1,
		details:
			businessType === "TAXI"
				? { ...details, passenger: { name: "Siti Rahayu", phone: "+6281298765432" } }
				: details,
	};
}

async function guestOrder(body: Record<string, unknown>, key = crypto.randomUUID()) {
	const res = await call("POST", "/v1/web/orders", {
		body: { paymentMethod: "GOPAY", customer: customerContact, ...body },
		headers: { "idempotency-key": key },
	});
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body as {
		booking: { id: string; payment: { amount: number; url?: string }; pricing: Record<string, number> };
		payment: { url?: string };
		accessToken: string;
	};
}

describe("guest quotes", () => {
	it("answers a guest's search like a customer's, and refuses a bad token all the same", async () => {
		const ip = fromNewAddress();
		const body = { businessType: "TAXI", details: taxiSearch() };
		const guest = await call("POST", "/v1/searches", { body, headers: ip });
		const customer = await call("POST", "/v1/searches", { body, token: await tokenFor("cust_quotes") });
		expect(guest.status).toBe(200);
		expect(
			guest.body.fleets.map((f: { fleetId: string; unitPrice: number }) => [f.fleetId, f.unitPrice]),
		).toEqual(
			customer.body.fleets.map((f: { fleetId: string; unitPrice: number }) => [f.fleetId, f.unitPrice]),
		);
		const bad = await call("POST", "/v1/searches", {
			body,
			headers: { ...ip, authorization: "Bearer nope" },
		});
		expect(bad).toMatchObject({ status: 401, body: problem("UNAUTHORIZED", 401) });
	});

	it("lets an address search 30 times a minute, then answers 429 with Retry-After; others go on", async () => {
		const ip = fromNewAddress();
		// An invalid body still counts: the limit is on requests, before anything is looked at.
		const statuses: number[] = [];
		for (let i = 0; i < 31; i++) {
			statuses.push((await call("POST", "/v1/searches", { body: {}, headers: ip })).status);
		}
		expect(statuses.slice(0, 30).every((s) => s === 400)).toBe(true);
		const limited = await call("POST", "/v1/searches", { body: {}, headers: ip });
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual(problem("RATE_LIMITED", 429));
		expect(limited.headers.get("retry-after")).toBe("60");
		expect(limited.headers.get("content-type")).toContain("application/problem+json");
		// Another address, a customer, and the price check (its own budget) are not held up.
		expect((await call("POST", "/v1/searches", { body: {}, headers: fromNewAddress() })).status).toBe(400);
		const token = await tokenFor("cust_unlimited");
		expect((await call("POST", "/v1/searches", { body: {}, headers: ip, token })).status).toBe(400);
		expect((await call("POST", "/v1/web/pricing", { body: {}, headers: ip })).status).toBe(400);
	});
});

describe("PreviewWebOrder", () => {
	it("prices exactly what CreateOrderWeb then charges: items, promo, service fees", async () => {
		const ip = fromNewAddress();
		const taxi = { ...(await guestQuote("TAXI", ip)), quantity: 2 };
		const rent = await guestQuote("RENT", ip);
		const items = [taxi, rent];
		const preview = await call("POST", "/v1/web/pricing", {
			body: { items, paymentMethod: "CREDIT_CARD", promoCode: "hemat10" },
			headers: ip,
		});
		expect(preview.status, JSON.stringify(preview.body)).toBe(200);
		const { subtotal, discount, fees, total } = preview.body;
		expect(discount).toBeGreaterThan(0);
		expect(total).toBe(subtotal - discount + fees);
		expect(preview.body.promoCode).toBe("HEMAT10");
		expect(preview.body.items.map((i: { quantity: number }) => i.quantity)).toEqual([2, 1]);
		const order = await guestOrder({ items, paymentMethod: "CREDIT_CARD", promoCode: "hemat10" });
		expect(order.booking.pricing).toEqual({ subtotal, discount, fees, total });
		expect(order.booking.payment.amount).toBe(total);
		expect(order.booking).toMatchObject({ promo: { code: "HEMAT10", discount } });
		// Without the promo, and with another method, the preview follows.
		const plain = await call("POST", "/v1/web/pricing", {
			body: { items, paymentMethod: "CASH" },
			headers: ip,
		});
		expect(plain.body).toMatchObject({ subtotal, discount: 0 });
		expect(plain.body.total).toBe(subtotal + plain.body.fees);
	});

	it("refuses a promo that is unknown, expired or not for these items, saying why", async () => {
		const ip = fromNewAddress();
		const rent = await guestQuote("RENT", ip);
		for (const [code, expected] of [
			["NOPE", "PROMO_UNKNOWN"],
			["EXPIRED10", "PROMO_EXPIRED"],
			["TAXIONLY", "PROMO_NOT_APPLICABLE"],
		] as const) {
			const res = await call("POST", "/v1/web/pricing", {
				body: { items: [rent], paymentMethod: "GOPAY", promoCode: code },
				headers: ip,
			});
			expect(res, code).toMatchObject({ status: 422, body: problem(expected, 422) });
			const order = await call("POST", "/v1/web/orders", {
				body: { items: [rent], paymentMethod: "GOPAY", customer: customerContact, promoCode: code },
			});
			expect(order, code).toMatchObject({ status: 422, body: problem(expected, 422) });
		}
	});

	it("answers bad input with problem+json and names the field", async () => {
		const ip = fromNewAddress();
		const taxi = await guestQuote("TAXI", ip);
		for (const [body, path] of [
			[{ items: [], paymentMethod: "GOPAY" }, "items"],
			[{ items: [taxi], paymentMethod: "BITCOIN" }, "paymentMethod"],
			[{ items: [{ ...taxi, quantity: 0 }], paymentMethod: "GOPAY" }, "items.0.quantity"],
			[{ items: [taxi], paymentMethod: "GOPAY", promoCode: "" }, "promoCode"],
		] as const) {
			const res = await call("POST", "/v1/web/pricing", { body, headers: ip });
			expect(res.status, path).toBe(400);
			expect(res.body).toEqual(problem("VALIDATION_FAILED", 400));
			expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
		}
		const raw = await exports.default.fetch(`${ORIGIN}/v1/web/pricing`, {
			method: "POST",
			headers: { "content-type": "text/plain", ...ip },
			body: "\u0000\u00ff not json",
		});
		expect(raw.status).toBe(415);
		expect(raw.headers.get("content-type")).toContain("application/problem+json");
		const unknown = await call("POST", "/v1/web/pricing", {
			body: { items: [{ ...taxi, sessionId: "ses_missing" }], paymentMethod: "GOPAY" },
			headers: ip,
		});
		expect(unknown.status).toBe(422);
	});
});

describe("CreateOrderWeb's return link", () => {
	it("sends the processor a return link on this origin, which its payment page shows", async () => {
		const ip = fromNewAddress();
		const order = await guestOrder({
			items: [await guestQuote("TAXI", ip)],
			returnUrl: `${ORIGIN}/track/{bookingId}?from=pay`,
		});
		const paymentId = paymentIdOf(order.booking);
		const page = await (await sandbox(`/pay/${paymentId}`)).text();
		// {bookingId} becomes the new booking's id.
		expect(page).toContain(`data-testid="return" href="${ORIGIN}/track/${order.booking.id}?from=pay"`);
	});

	it("refuses a return link to another site, and creates nothing", async () => {
		const ip = fromNewAddress();
		const key = crypto.randomUUID();
		const res = await call("POST", "/v1/web/orders", {
			body: {
				items: [await guestQuote("TAXI", ip)],
				paymentMethod: "GOPAY",
				customer: customerContact,
				returnUrl: "https://elsewhere.example/track",
			},
			headers: { "idempotency-key": key },
		});
		expect(res).toMatchObject({ status: 400, body: problem("VALIDATION_FAILED", 400) });
		expect(res.body.errors).toEqual([{ path: "returnUrl", message: `Must be on ${ORIGIN}` }]);
		const notUrl = await call("POST", "/v1/web/orders", {
			body: {
				items: [],
				paymentMethod: "GOPAY",
				customer: customerContact,
				returnUrl: "javascript:alert(1)",
			},
		});
		expect(notUrl.status).toBe(400);
		expect(notUrl.body.errors.map((e: { path: string }) => e.path)).toContain("returnUrl");
	});
});

describe("the guest's receipt, cancel and live view", () => {
	it("cancels an unpaid booking with its token only, and tells the live socket", async () => {
		const ip = fromNewAddress();
		const order = await guestOrder({ items: [await guestQuote("TAXI", ip)] });
		const id = order.booking.id;
		const path = `/v1/web/orders/${id}`;
		const socket = await exports.default.fetch(`${ORIGIN}${path}/live?token=${order.accessToken}`, {
			headers: { upgrade: "websocket" },
		});
		expect(socket.status).toBe(101);
		const ws = socket.webSocket as WebSocket;
		const messages: Array<{ type: string; booking: { id: string; status: string; version: number } }> = [];
		ws.addEventListener("message", (m) => messages.push(JSON.parse(m.data as string)));
		ws.accept();
		await eventually(async () => expect(messages).toHaveLength(1));
		expect(messages[0]).toMatchObject({ type: "booking", booking: { id, status: "CREATED" } });

		expect((await call("POST", `${path}/cancel`)).status).toBe(401);
		const stranger = await guestOrder({ items: [await guestQuote("TAXI", ip)] });
		expect((await call("POST", `${path}/cancel`, { token: stranger.accessToken })).status).toBe(401);
		expect((await call("GET", `${path}/receipt`, { token: order.accessToken })).body).toEqual(
			problem("RECEIPT_NOT_AVAILABLE", 409),
		);
		const canceled = await call("POST", `${path}/cancel`, { token: order.accessToken });
		expect(canceled).toMatchObject({ status: 200, body: { id, status: "CANCELED" } });
		// The socket hears the change without being asked; the view is GetOrderDetailWeb's.
		await eventually(async () => expect(messages.at(-1)?.booking.status).toBe("CANCELED"));
		const detail = await call("GET", path, { token: order.accessToken });
		expect(messages.at(-1)?.booking).toEqual(detail.body);
		ws.close(1000, "done");
		// Canceling again is a no-op.
		expect((await call("POST", `${path}/cancel`, { token: order.accessToken })).status).toBe(200);
	});

	it("refuses the live route without a valid token before any upgrade, and a plain GET with 426", async () => {
		const ip = fromNewAddress();
		const order = await guestOrder({ items: [await guestQuote("TAXI", ip)] });
		const live = `${ORIGIN}/v1/web/orders/${order.booking.id}/live`;
		for (const url of [live, `${live}?token=`, `${live}?token=wrong`]) {
			const res = await exports.default.fetch(url, { headers: { upgrade: "websocket" } });
			expect(res.status, url).toBe(401);
			expect(res.webSocket).toBeNull();
			expect(await res.json()).toEqual(problem("UNAUTHORIZED", 401));
		}
		const other = await guestOrder({ items: [await guestQuote("TAXI", ip)] });
		const foreign = await exports.default.fetch(`${live}?token=${other.accessToken}`, {
			headers: { upgrade: "websocket" },
		});
		expect(foreign.status).toBe(401);
		const plain = await exports.default.fetch(`${live}?token=${order.accessToken}`);
		expect(plain.status).toBe(426);
		expect(await plain.json()).toEqual(problem("UPGRADE_REQUIRED", 426));
		// A bearer header works too (for clients that can set one).
		const bearer = await exports.default.fetch(live, {
			headers: { upgrade: "websocket", authorization: `Bearer ${order.accessToken}` },
		});
		expect(bearer.status).toBe(101);
		bearer.webSocket?.accept();
		bearer.webSocket?.close(1000, "done");
	});

	it("refuses to cancel a paid booking, and its confirmation carries the tracking link", async () => {
		const ip = fromNewAddress();
		const order = await guestOrder({ items: [await guestQuote("TAXI", ip)] });
		const { booking, accessToken } = order;
		await paymentWebhook(paymentEvent(booking, paymentIdOf(booking), "payment.paid"));
		await eventually(async () => {
			await runDurableObjectAlarm(sagaDO(booking.id));
			const res = await call("GET", `/v1/web/orders/${booking.id}`, { token: accessToken });
			expect(res.body.status).toBe("ACTIVE");
			expect(res.body.sagaStatus).toBe("SUCCEEDED");
		}, 15_000);
		expect(await call("POST", `/v1/web/orders/${booking.id}/cancel`, { token: accessToken })).toMatchObject({
			status: 409,
			body: problem("BOOKING_NOT_CANCELABLE", 409),
		});
		const sent = await eventually(async () => {
			const res = await sandbox(`/notifications?bookingId=${booking.id}`);
			const list = ((await res.json()) as { notifications: Array<{ template: string; body: string }> })
				.notifications;
			expect(list.filter((n) => n.template === "BOOKING_CONFIRMED")).toHaveLength(2);
			return list;
		}, 15_000);
		const link = `${ORIGIN}/track/${booking.id}#t=${accessToken}`;
		for (const notice of sent.filter((n) => n.template === "BOOKING_CONFIRMED"))
			expect(notice.body).toContain(`Track your order: ${link}`);
	});
});
