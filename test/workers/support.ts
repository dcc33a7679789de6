import { env, runDurableObjectAlarm } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { expect } from "vitest";

/** Helpers for workers tests: real tokens and quotes from the sandbox, requests through the worker. */
export const sandbox = (path: string, init?: RequestInit) => fetch(`${env.TEST_SANDBOX_URL}${path}`, init);

export async function tokenFor(sub: string, claims: Record<string, unknown> = {}): Promise<string> {
	const response = await sandbox("/auth/token", {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ sub, ...claims }),
	});
	expect(response.status).toBe(200);
	return ((await response.json()) as { token: string }).token;
}

export interface CallOptions {
	token?: string;
	body?: unknown;
	rawBody?: string;
	headers?: Record<string, string>;
}

export async function call(method: string, path: string, options: CallOptions = {}) {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	if (options.body !== undefined || options.rawBody !== undefined)
		headers["content-type"] = "application/json";
	const response = await exports.default.fetch(`http://orchestrator.test${path}`, {
		method,
		headers,
		body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
	});
	const text = await response.text();
	return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const inDays = (days: number, hour = 8) => {
	const date = new Date(Date.now() + days * 86_400_000);
	date.setUTCHours(hour, 0, 0, 0);
	return date.toISOString();
};

export const place = (address: string, lat: number, lng: number) => ({ lat, lng, address });
export const taxiSearch = () => ({
	pickup: place("Monas, Jakarta", -6.1754, 106.8272),
	dropoff: place("Blok M, Jakarta", -6.2443, 106.7982),
	pickupAt: inDays(2),
});
export const rentSearch = () => ({ city: "Jakarta", startAt: inDays(3), endAt: inDays(5), withDriver: true });

export interface Search {
	sessionId: string;
	businessType: string;
	expiresAt: string;
	fleets: Array<{
		fleetId: string;
		name: string;
		unitPrice: number;
		fareComponents: Array<{ code: string; amount: number }>;
		attributes?: Record<string, unknown>;
	}>;
}

export async function search(token: string, businessType: string, details: unknown): Promise<Search> {
	const res = await call("POST", "/v1/searches", { token, body: { businessType, details } });
	expect(res.status, JSON.stringify(res.body)).toBe(200);
	return res.body as Search;
}

export async function newCart(token: string): Promise<{ id: string } & Record<string, unknown>> {
	const res = await call("POST", "/v1/carts", { token });
	expect(res.status, JSON.stringify(res.body)).toBe(201);
	return res.body;
}

/** Searches a taxi ride and returns an AddCartItem body for its first fleet. */
export async function taxiItem(token: string, quantity = 1, notes?: string) {
	const details = taxiSearch();
	const quote = await search(token, "TAXI", details);
	const fleet = quote.fleets[0];
	if (!fleet) throw new Error("the sandbox offered no taxi fleet");
	return {
		quote,
		fleet,
		body: {
			businessType: "TAXI",
			sessionId: quote.sessionId,
			fleetId: fleet.fleetId,
			quantity,
			details: {
				...details,
				passenger: { name: "Budi", phone: "+6281234567890" },
				...(notes ? { notes } : {}),
			},
		},
	};
}

export function problem(code: string, status: number, extra: Record<string, unknown> = {}) {
	return expect.objectContaining({
		type: expect.stringContaining(code.toLowerCase().replaceAll("_", "-")),
		title: expect.any(String),
		status,
		detail: expect.any(String),
		code,
		...extra,
	});
}

export const customerContact = { name: "Budi Santoso", email: "budi@example.com", phone: "+6281234567890" };

/** A cart with one taxi line (optionally with notes that steer the sandbox) for `sub`. */
export async function cartReady(
	token: string,
	quantity = 1,
	notes?: string,
): Promise<{ cartId: string; unitPrice: number }> {
	const cart = await newCart(token);
	const { body, fleet } = await taxiItem(token, quantity, notes);
	const added = await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
	expect(added.status, JSON.stringify(added.body)).toBe(201);
	return { cartId: cart.id, unitPrice: fleet.unitPrice };
}

export async function placeOrder(
	token: string,
	cartId: string,
	paymentMethod = "GOPAY",
	headers?: Record<string, string>,
) {
	return call("POST", "/v1/orders", {
		token,
		body: { cartId, paymentMethod, customer: customerContact },
		headers,
	});
}

const encoder = new TextEncoder();
async function hmacHex(secret: string, text: string): Promise<string> {
	const key = await crypto.subtle.importKey(
		"raw",
		encoder.encode(secret),
		{ name: "HMAC", hash: "SHA-256" },
		false,
		["sign"],
	);
	const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(text));
	return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** An X-Signature header for `raw`, signed now with `secret`, as our callers sign. */
export async function signatureHeader(secret: string, raw: string): Promise<string> {
	const t = Math.floor(Date.now() / 1000);
	return `t=${t},v1=${await hmacHex(secret, `${t}.${raw}`)}`;
}

/** Posts a body to a callback route, signed like our callers sign it. */
async function signedPost(path: string, event: Record<string, unknown>, secret: string) {
	const raw = JSON.stringify(event);
	return call("POST", path, { rawBody: raw, headers: { "x-signature": await signatureHeader(secret, raw) } });
}

/** The secret a partner signs with: the one of the business type the callback claims (the first value). */
export const partnerSecretOf = (type: unknown) =>
	(env[`${(typeof type === "string" ? type : "TAXI") as "TAXI"}_PARTNER_WEBHOOK_SECRET`] ?? "").split(
		",",
	)[0] ?? "";

export const partnerCallback = (
	event: Record<string, unknown>,
	secret = partnerSecretOf(event.businessType),
) => signedPost("/v1/callbacks/order-items", event, secret);

export const receiptCallback = (event: Record<string, unknown>, secret = env.DOCUMENT_WEBHOOK_SECRET) =>
	signedPost("/v1/callbacks/receipt", event, secret);

/** Posts a payment webhook signed the way the processor signs it. */
export async function paymentWebhook(
	event: Record<string, unknown>,
	options: { secret?: string; timestamp?: number; signature?: string | null; rawBody?: string } = {},
) {
	const raw = options.rawBody ?? JSON.stringify(event);
	const t = options.timestamp ?? Math.floor(Date.now() / 1000);
	const header =
		options.signature === null
			? undefined
			: (options.signature ??
				`t=${t},v1=${await hmacHex(options.secret ?? env.PAYMENT_WEBHOOK_SECRET, `${t}.${raw}`)}`);
	return call("POST", "/v1/callbacks/payment", {
		rawBody: raw,
		headers: header ? { "x-signature": header } : {},
	});
}

export function paymentEvent(
	booking: { id: string; payment: { amount: number } },
	paymentId: string,
	type: string,
	extra: Record<string, unknown> = {},
) {
	return {
		id: `evt_${crypto.randomUUID()}`,
		type,
		createdAt: new Date().toISOString(),
		data: { paymentId, reference: booking.id, amount: booking.payment.amount, currency: "IDR", ...extra },
	};
}

/** Polls until `check` stops throwing (alarms and queues run on their own schedule). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 8_000): Promise<T> {
	const started = Date.now();
	for (;;) {
		try {
			return await check();
		} catch (error) {
			if (Date.now() - started > timeoutMs) throw error;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
}

export const paymentIdOf = (booking: { payment: { url?: string } }) =>
	booking.payment.url?.split("/pay/")[1] ?? "";
export const bookingDO = (id: string) => env.BOOKING.get(env.BOOKING.idFromName(id));
export const sagaDO = (id: string) => env.SAGA.get(env.SAGA.idFromName(id));

/** A paid booking whose saga booked every item (`items` taxi rides, each with `notes`). */
export async function bookedBooking(sub: string, items: number, notes?: string) {
	const token = await tokenFor(sub);
	const cart = (await call("POST", "/v1/carts", { token })).body;
	for (let i = 0; i < items; i++) {
		const { body } = await taxiItem(token, 1, notes);
		await call("POST", `/v1/carts/${cart.id}/items`, { token, body });
	}
	const booking = (await placeOrder(token, cart.id, "GOPAY")).body.booking;
	await sandbox(`/payments/${paymentIdOf(booking)}/simulate`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ outcome: "PAID" }),
	});
	await paymentWebhook(paymentEvent(booking, paymentIdOf(booking), "payment.paid"));
	const booked = await eventually(async () => {
		await runDurableObjectAlarm(sagaDO(booking.id));
		const res = await call("GET", `/v1/bookings/${booking.id}`, { token });
		expect(res.body.items.every((i: { status: string }) => i.status === "BOOKED")).toBe(true);
		return res.body;
	}, 15_000);
	return { token, booking: booked, paymentId: paymentIdOf(booking) };
}

/** A signed partner status callback for item `index` of a booked booking. */
export const itemUpdate = (
	booking: { id: string; items: Array<{ id: string; partnerRef: string; businessType?: string }> },
	index: number,
	status: string,
	extra: Record<string, unknown> = {},
) => ({
	id: `evt_${crypto.randomUUID()}`,
	partnerRef: booking.items[index]?.partnerRef,
	bookingId: booking.id,
	itemId: booking.items[index]?.id,
	businessType: booking.items[index]?.businessType ?? "TAXI",
	status,
	occurredAt: new Date().toISOString(),
	...extra,
});
