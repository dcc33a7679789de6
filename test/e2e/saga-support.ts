// Helpers for the booking saga end to end: paid multi-item bookings steered through the items'
// `details.notes`, and read-outs of what every party holds afterwards (the booking, its saga log
// on the internal endpoint, the partners' order lists, the processor's payment and refunds).
// They only need the two base URLs, so they serve both the `npm start` stack and the crash test's
// hand-started workers.
import { setTimeout as sleep } from "node:timers/promises";
import { call, jakartaTime } from "./support";

/** The dev value of INTERNAL_SERVICE_TOKEN (.dev.vars.example). */
export const INTERNAL_TOKEN = "dev-internal-token";

export interface Endpoints {
	url: string;
	sandboxUrl: string;
}

export type BusinessType = "TAXI" | "RENT" | "DELIVERY" | "SHUTTLE";
export type PartnerStatus =
	| "PENDING"
	| "BOOKED"
	| "REJECTED"
	| "CANCELED"
	| "DRIVER_ASSIGNED"
	| "PICKED_UP"
	| "COMPLETED";

export interface BookingItem {
	id: string;
	businessType: BusinessType;
	status: string;
	amount: number;
	quantity: number;
	partnerRef?: string;
	details: Record<string, unknown>;
}

export interface Booking {
	id: string;
	status: "CREATED" | "ACTIVE" | "COMPLETED" | "FAILED" | "CANCELED";
	items: BookingItem[];
	pricing: { subtotal: number; discount: number; fees: number; total: number };
	payment: { method: string; status: string; amount: number; url?: string; paidAt?: string };
	cancelReason?: string;
	version: number;
}

export interface SagaStep {
	id: string;
	key: string;
	state: string;
	attempts: number;
	compensationAttempts: number;
	ref?: string;
	mayHaveEffect: boolean;
	lastError?: string;
	history: { action: string; at: string; outcome: string; detail?: string }[];
}

export interface SagaLog {
	id: string;
	status: "RUNNING" | "SUCCEEDED" | "COMPENSATING" | "REFUNDING" | "FAILED";
	needsAttention: boolean;
	steps: SagaStep[];
	final: { state: string; attempts: number; history: unknown[] };
	failureReason?: string;
	startedAt: string;
	updatedAt: string;
}

export interface InternalDetail {
	booking: Booking & {
		payment: Booking["payment"] & {
			paymentId?: string;
			refund?: { refundId?: string; amount: number; succeededAt?: string };
			partialRefunds?: { itemId: string; amount: number; refundId?: string; succeededAt?: string }[];
		};
	};
	outbox: unknown[];
	webhookInbox: string[];
	saga: { plan?: unknown; log?: SagaLog; syncPending: boolean; alarm: string | null };
}

export interface PartnerOrder {
	partnerRef: string;
	bookingId: string;
	itemId: string;
	status: PartnerStatus;
}

export interface ProcessorPayment {
	paymentId: string;
	reference: string;
	amount: number;
	status: string;
	refunds: { refundId: string; amount: number; status: "PENDING" | "SUCCEEDED" }[];
}

export const PARTNER_TYPES = ["taxi", "rent", "delivery", "shuttle"] as const;
export const partnerPath = (type: BusinessType) => type.toLowerCase() as (typeof PARTNER_TYPES)[number];

/**
 * Calls `read` until `done` holds for its result, every `intervalMs`, and resolves with that
 * result; after `timeoutMs` it fails with `describe(last)` (the whole result by default).
 */
export async function until<T>(
	what: string,
	read: () => Promise<T>,
	done: (value: T) => boolean,
	{
		timeoutMs = 15_000,
		intervalMs = 100,
		describe = (value: T) => JSON.stringify(value),
	}: { timeoutMs?: number; intervalMs?: number; describe?: (value: T) => string } = {},
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await read();
		if (done(value)) return value;
		if (Date.now() >= deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${describe(value)}`);
		}
		await sleep(intervalMs);
	}
}

const taxiSearch = {
	pickup: { lat: -6.1754, lng: 106.8272, address: "Monas, Jakarta" },
	dropoff: { lat: -6.2255, lng: 106.8023, address: "Senayan, Jakarta" },
	pickupAt: jakartaTime(24),
};
const rentSearch = { city: "Jakarta", startAt: jakartaTime(48), endAt: jakartaTime(96), withDriver: true };
export const contact = { name: "Budi Santoso", email: "budi@example.com", phone: "+6281234567890" };

/** One cart line: its business type, optional steering notes and quantity. */
export interface Line {
	type: "TAXI" | "RENT";
	notes?: string;
	quantity?: number;
}

export interface PaidBooking {
	token: string;
	booking: Booking;
	paymentId: string;
}

/** A fresh customer (GOPAY allows 2 unfinished bookings per customer). */
export async function customerToken(env: Endpoints, sub: string): Promise<string> {
	const minted = await call<{ token: string }>(env.sandboxUrl, "POST", "/auth/token", { body: { sub } });
	if (minted.status !== 200) throw new Error(`no token for ${sub}: ${JSON.stringify(minted.body)}`);
	return minted.body.token;
}

function must<T>(what: string, response: { status: number; body: T }, status: number): T {
	if (response.status !== status) {
		throw new Error(
			`${what} answered ${response.status}, expected ${status}: ${JSON.stringify(response.body)}`,
		);
	}
	return response.body;
}

/** search → cart with `lines` → GOPAY order; resolves with the unpaid booking and its payment id. */
export async function orderWithLink(
	env: Endpoints,
	token: string,
	lines: readonly Line[],
	/** Extra headers for the CreateOrder call (a traceparent, an X-Request-Id). */
	headers?: Record<string, string>,
): Promise<PaidBooking> {
	const searches = new Map<string, { sessionId: string; fleets: { fleetId: string }[] }>();
	for (const type of new Set(lines.map((line) => line.type))) {
		const body =
			type === "TAXI"
				? { businessType: "TAXI", details: taxiSearch }
				: { businessType: "RENT", details: rentSearch };
		searches.set(
			type,
			must(`search ${type}`, await call(env.url, "POST", "/v1/searches", { token, body }), 200),
		);
	}
	const cart = must<{ id: string }>("CreateCart", await call(env.url, "POST", "/v1/carts", { token }), 201);
	for (const line of lines) {
		const search = searches.get(line.type) as { sessionId: string; fleets: { fleetId: string }[] };
		const details =
			line.type === "TAXI"
				? { ...taxiSearch, passenger: { name: "Siti Rahayu", phone: "+6281298765432" } }
				: { ...rentSearch };
		must(
			"AddCartItem",
			await call(env.url, "POST", `/v1/carts/${cart.id}/items`, {
				token,
				body: {
					businessType: line.type,
					sessionId: search.sessionId,
					fleetId: search.fleets[0]?.fleetId,
					quantity: line.quantity ?? 1,
					details: line.notes ? { ...details, notes: line.notes } : details,
				},
			}),
			201,
		);
	}
	const order = must<{ booking: Booking; payment: { url?: string } }>(
		"CreateOrder",
		await call(env.url, "POST", "/v1/orders", {
			token,
			body: { cartId: cart.id, paymentMethod: "GOPAY", customer: contact },
			...(headers ? { headers } : {}),
		}),
		201,
	);
	const paymentId = order.payment.url?.split("/pay/")[1];
	if (!paymentId) throw new Error(`CreateOrder gave no payment link: ${JSON.stringify(order.payment)}`);
	return { token, booking: order.booking, paymentId };
}

/** The customer pays: the processor sends the real signed payment.paid webhook. */
export async function pay(env: Endpoints, paymentId: string): Promise<void> {
	must(
		"simulate PAID",
		await call(env.sandboxUrl, "POST", `/payments/${paymentId}/simulate`, { body: { outcome: "PAID" } }),
		200,
	);
}

export async function paidBooking(env: Endpoints, sub: string, lines: readonly Line[]): Promise<PaidBooking> {
	const token = await customerToken(env, sub);
	const ordered = await orderWithLink(env, token, lines);
	await pay(env, ordered.paymentId);
	return ordered;
}

export async function getBooking(env: Endpoints, token: string, id: string): Promise<Booking> {
	return must(
		`GetBookingDetail ${id}`,
		await call<Booking>(env.url, "GET", `/v1/bookings/${id}`, { token }),
		200,
	);
}

export async function internal(env: Endpoints, id: string): Promise<InternalDetail> {
	return must(
		`GetInternalBookingDetail ${id}`,
		await call<InternalDetail>(env.url, "GET", `/internal/bookings/${id}`, { token: INTERNAL_TOKEN }),
		200,
	);
}

/** Every order the partner of `type` holds for the booking. */
export async function partnerOrders(
	env: Endpoints,
	type: BusinessType,
	bookingId: string,
): Promise<PartnerOrder[]> {
	const listed = must<{ orders: PartnerOrder[] }>(
		`partner ${type} orders`,
		await call(env.sandboxUrl, "GET", `/partners/${partnerPath(type)}/orders?bookingId=${bookingId}`),
		200,
	);
	return listed.orders;
}

/** Every partner's orders for the booking, all types together. */
export async function allPartnerOrders(env: Endpoints, bookingId: string): Promise<PartnerOrder[]> {
	const lists = await Promise.all(
		(["TAXI", "RENT", "DELIVERY", "SHUTTLE"] as const).map((type) => partnerOrders(env, type, bookingId)),
	);
	return lists.flat();
}

export async function advance(env: Endpoints, type: BusinessType, partnerRef: string, status: string) {
	return must(
		`advance ${partnerRef} to ${status}`,
		await call(env.sandboxUrl, "POST", `/partners/${partnerPath(type)}/orders/${partnerRef}/advance`, {
			body: { status },
		}),
		200,
	);
}

export async function processorPayment(env: Endpoints, paymentId: string): Promise<ProcessorPayment> {
	return must(
		`processor payment ${paymentId}`,
		await call<ProcessorPayment>(env.sandboxUrl, "GET", `/payments/${paymentId}`),
		200,
	);
}

/** A compact account of the saga for failure messages: status and per-step state/attempts/errors. */
export function sagaSummary(detail: InternalDetail | undefined): string {
	const log = detail?.saga.log;
	if (!log) return `no saga log (booking ${detail?.booking.status})`;
	return JSON.stringify({
		booking: detail.booking.id,
		bookingStatus: detail.booking.status,
		payment: detail.booking.payment.status,
		saga: log.status,
		needsAttention: log.needsAttention,
		failureReason: log.failureReason,
		final: log.final,
		steps: log.steps.map((s) => ({
			id: s.id,
			state: s.state,
			attempts: s.attempts,
			compensationAttempts: s.compensationAttempts,
			ref: s.ref,
			lastError: s.lastError,
			history: s.history.map((h) => `${h.action}:${h.outcome}${h.detail ? `(${h.detail})` : ""}`),
		})),
		outbox: detail.outbox.length,
		syncPending: detail.saga.syncPending,
		alarm: detail.saga.alarm,
	});
}

/** Waits for the booking's saga log to reach `statuses`, failing with the saga's summary. */
export async function sagaReaches(
	env: Endpoints,
	bookingId: string,
	statuses: readonly SagaLog["status"][],
	timeoutMs = 30_000,
): Promise<InternalDetail> {
	return until(
		`the saga of ${bookingId} to reach ${statuses.join("/")}`,
		() => internal(env, bookingId),
		(d) => d.saga.log !== undefined && statuses.includes(d.saga.log.status),
		{ timeoutMs, intervalMs: 100, describe: sagaSummary },
	);
}
