import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { getJson, type JsonResponse, postJson } from "../support/http";

/** Requests and shortcuts shared by the partner gateway suites. */

export type PartnerType = "taxi" | "rent" | "delivery" | "shuttle";

/** A status callback as the partner gateways send it to the orchestrator. */
export type StatusCallback = {
	id: string;
	partnerRef: string;
	bookingId: string;
	itemId: string;
	businessType: string;
	status: string;
	vehicle?: Record<string, string>;
	occurredAt: string;
};

export type OrderSummary = {
	partnerRef: string;
	bookingId: string;
	itemId: string;
	status: string;
	fleetId: string;
	quantity: number;
	createdAt: string;
	updatedAt: string;
};

export const PARTNER_REF = (type: PartnerType) => new RegExp(`^${type}_[0-9a-f]{32}$`);

export const newBookingId = (): string => `bkg_${randomUUID()}`;

/** The key the orchestrator sends for an item's book call. */
export const bookKey = (bookingId: string, itemId: string): string => `${bookingId}:${itemId}:book`;

export function orderRequest(
	bookingId: string,
	itemId: string,
	notes = "",
	overrides: Record<string, unknown> = {},
) {
	return {
		bookingId,
		itemId,
		fleetId: "flt_taxi_economy",
		quantity: 1,
		details: { pickup: { lat: -6.1754, lng: 106.8272 }, notes },
		passenger: { name: "Ayu Lestari", phone: "+6281234567890" },
		...overrides,
	};
}

export function bookAt(
	base: string,
	type: PartnerType,
	body: unknown,
	key: string,
	signal?: AbortSignal,
): Promise<JsonResponse> {
	if (!signal) return postJson(`${base}/partners/${type}/orders`, body, { "idempotency-key": key });
	return fetch(`${base}/partners/${type}/orders`, {
		method: "POST",
		headers: { "content-type": "application/json", "idempotency-key": key },
		body: JSON.stringify(body),
		signal,
	}).then(async (response) => ({
		status: response.status,
		contentType: response.headers.get("content-type"),
		headers: response.headers,
		body: await response.json(),
	}));
}

/** Books one item with no steering and returns its partnerRef, failing unless the partner answers 201. */
export async function newOrder(
	base: string,
	type: PartnerType,
	bookingId: string,
	notes = "",
): Promise<string> {
	const itemId = `itm_${randomUUID()}`;
	const response = await bookAt(
		base,
		type,
		orderRequest(bookingId, itemId, notes),
		bookKey(bookingId, itemId),
	);
	expect(response.status).toBe(201);
	return (response.body as { partnerRef: string }).partnerRef;
}

export async function ordersOf(base: string, type: PartnerType, bookingId: string): Promise<OrderSummary[]> {
	const response = await getJson(
		`${base}/partners/${type}/orders?bookingId=${encodeURIComponent(bookingId)}`,
	);
	expect(response.status).toBe(200);
	return (response.body as { orders: OrderSummary[] }).orders;
}

export const cancelAt = (base: string, type: PartnerType, partnerRef: string): Promise<JsonResponse> =>
	postJson(`${base}/partners/${type}/orders/${partnerRef}/cancel`, {});

export const cancelByKeyAt = (
	base: string,
	type: PartnerType,
	idempotencyKey: string,
): Promise<JsonResponse> => postJson(`${base}/partners/${type}/orders/cancel-by-key`, { idempotencyKey });

export const advanceAt = (base: string, type: PartnerType, partnerRef: string, status: string) =>
	postJson(`${base}/partners/${type}/orders/${partnerRef}/advance`, { status });
