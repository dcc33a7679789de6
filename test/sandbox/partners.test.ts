import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson, validationProblem } from "../support/http";
import {
	PARTNER_WEBHOOK_SECRETS,
	PAYMENT_WEBHOOK_SECRET,
	type RunningSandbox,
	startSandbox,
} from "../support/stack";
import {
	advanceAt,
	bookAt,
	bookKey,
	cancelAt,
	cancelByKeyAt,
	newBookingId,
	newOrder,
	orderRequest,
	ordersOf,
	PARTNER_REF,
	type StatusCallback,
} from "./partner-fixtures";
import { EVENT_ID, ISO_INSTANT } from "./payment-fixtures";
import { signatureMatches, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

// Short enough to wait for, long enough that a caller with a 500 ms timeout gives up first.
const TIMEOUT_HOLD_MS = 2_000;

let sandbox: RunningSandbox;
let receiver: WebhookReceiver<StatusCallback>;

beforeAll(async () => {
	receiver = await startWebhookReceiver<StatusCallback>((event) => event.partnerRef);
	sandbox = await startSandbox({
		orchestratorUrl: receiver.url,
		vars: { PARTNER_TIMEOUT_HOLD: `${TIMEOUT_HOLD_MS}ms`, ASYNC_CONFIRM_DELAY: "300ms" },
	});
});
afterAll(async () => {
	await sandbox?.stop();
	await receiver?.close();
});

const url = () => sandbox.url;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Books one item of a fresh booking with the given notes. */
async function book(notes: string, type: "taxi" | "rent" | "delivery" | "shuttle" = "taxi") {
	const bookingId = newBookingId();
	const key = bookKey(bookingId, "itm_1");
	const response = await bookAt(url(), type, orderRequest(bookingId, "itm_1", notes), key);
	return { bookingId, key, response };
}

/** Each callback is signed with its own partner's secret, and no other partner's. */
function expectSigned(callbacks: { signature: string; rawBody: string }[]): void {
	for (const callback of callbacks) {
		const type = (JSON.parse(callback.rawBody) as { businessType: string }).businessType;
		for (const [name, secret] of Object.entries(PARTNER_WEBHOOK_SECRETS)) {
			expect(signatureMatches(callback.signature, callback.rawBody, secret)).toBe(
				name.startsWith(`${type}_`),
			);
		}
		expect(signatureMatches(callback.signature, callback.rawBody, PAYMENT_WEBHOOK_SECRET)).toBe(false);
	}
}

describe("booking with a partner", () => {
	it("books an order, and answers the same order for every retry with the same key", async () => {
		const { bookingId, key, response } = await book("");
		expect(response.status).toBe(201);
		const partnerRef = (response.body as { partnerRef: string }).partnerRef;
		expect(partnerRef).toMatch(PARTNER_REF("taxi"));
		expect(response.body).toEqual({ partnerRef, bookingId, itemId: "itm_1", status: "BOOKED" });

		const retry = await bookAt(url(), "taxi", orderRequest(bookingId, "itm_1"), key);
		expect(retry.status).toBe(200);
		expect(retry.body).toEqual(response.body);
		expect(await ordersOf(url(), "taxi", bookingId)).toEqual([
			{
				partnerRef,
				bookingId,
				itemId: "itm_1",
				status: "BOOKED",
				fleetId: "flt_taxi_economy",
				quantity: 1,
				createdAt: expect.stringMatching(ISO_INSTANT),
				updatedAt: expect.stringMatching(ISO_INSTANT),
			},
		]);

		// Each partner keeps its own books: the same key at another partner is another order.
		const rent = await bookAt(url(), "rent", orderRequest(bookingId, "itm_1"), key);
		expect(rent.status).toBe(201);
		expect((rent.body as { partnerRef: string }).partnerRef).toMatch(PARTNER_REF("rent"));
	});

	it("requires an Idempotency-Key, a valid body and a known partner", async () => {
		const bookingId = newBookingId();
		const missingKey = await postJson(`${url()}/partners/taxi/orders`, orderRequest(bookingId, "itm_1"));
		expect(missingKey.status).toBe(400);
		expect(missingKey.body).toEqual({
			type: "/problems/idempotency-key-required",
			title: "Idempotency key required",
			status: 400,
			detail: "The Idempotency-Key header is required (1 to 255 characters).",
			code: "IDEMPOTENCY_KEY_REQUIRED",
		});

		const invalid = await bookAt(
			url(),
			"taxi",
			{ ...orderRequest(bookingId, "itm_1"), quantity: 0, details: 1 },
			"k",
		);
		expect(invalid.status).toBe(400);
		expect(invalid.contentType).toBe("application/problem+json");
		expect(invalid.body).toEqual(validationProblem(["quantity", "details"]));

		const unknown = await bookAt(url(), "boat" as "taxi", orderRequest(bookingId, "itm_1"), "k");
		expect(unknown.status).toBe(404);
		expect(unknown.body).toMatchObject({ code: "NOT_FOUND", status: 404 });
	});
});

describe("steering by notes", () => {
	it("sandbox:reject is a definite rejection, recorded and repeated for the same key", async () => {
		const { bookingId, key, response } = await book("please sandbox:reject");
		expect(response.status).toBe(422);
		const partnerRef = (response.body as { partnerRef: string }).partnerRef;
		expect(response.body).toEqual({
			type: "/problems/rejected",
			title: "Rejected by the partner",
			status: 422,
			detail: `The partner rejected order ${partnerRef} for item itm_1.`,
			code: "REJECTED",
			partnerRef,
			bookingId,
			itemId: "itm_1",
		});
		expect((await ordersOf(url(), "taxi", bookingId)).map((o) => o.status)).toEqual(["REJECTED"]);
		const retry = await bookAt(url(), "taxi", orderRequest(bookingId, "itm_1", "sandbox:reject"), key);
		expect(retry.status).toBe(422);
	});

	it("sandbox:flaky:2 fails the first two attempts of a key with 503, then books", async () => {
		const bookingId = newBookingId();
		const key = bookKey(bookingId, "itm_1");
		const request = orderRequest(bookingId, "itm_1", "sandbox:flaky:2");
		const first = await bookAt(url(), "delivery", request, key);
		expect(first.status).toBe(503);
		expect(first.body).toEqual({
			type: "/problems/partner-unavailable",
			title: "Partner unavailable",
			status: 503,
			detail: "The partner failed the book call on purpose (attempt 1 of 2).",
			code: "PARTNER_UNAVAILABLE",
		});
		expect(await ordersOf(url(), "delivery", bookingId)).toEqual([]);
		expect((await bookAt(url(), "delivery", request, key)).status).toBe(503);
		const third = await bookAt(url(), "delivery", request, key);
		expect(third.status).toBe(201);
		expect(third.body).toMatchObject({ status: "BOOKED" });
		const fourth = await bookAt(url(), "delivery", request, key);
		expect(fourth.status).toBe(200);
		expect(fourth.body).toEqual(third.body);
		// The count is per key: another item with the same notes starts again.
		expect((await bookAt(url(), "delivery", request, bookKey(bookingId, "itm_2"))).status).toBe(503);
	});

	it("sandbox:slow:MS delays the answer", async () => {
		const started = Date.now();
		const { response } = await book("sandbox:slow:200");
		expect(response.status).toBe(201);
		expect(Date.now() - started).toBeGreaterThanOrEqual(200);
	});

	it("sandbox:timeout books, then holds the answer; cancel-by-key works during the hold", async () => {
		const bookingId = newBookingId();
		const key = bookKey(bookingId, "itm_1");
		const request = orderRequest(bookingId, "itm_1", "sandbox:timeout");
		await expect(bookAt(url(), "shuttle", request, key, AbortSignal.timeout(500))).rejects.toThrow();
		const [held] = await ordersOf(url(), "shuttle", bookingId);
		expect(held?.status).toBe("BOOKED");

		// A second attempt is held too; while it waits, the caller cancels by key.
		const started = Date.now();
		const pending = bookAt(url(), "shuttle", request, key);
		await sleep(200);
		const canceled = await cancelByKeyAt(url(), "shuttle", key);
		expect(Date.now() - started).toBeLessThan(TIMEOUT_HOLD_MS);
		expect(canceled.status).toBe(200);
		expect(canceled.body).toEqual({ status: "CANCELED", partnerRef: held?.partnerRef });
		expect((await ordersOf(url(), "shuttle", bookingId)).map((o) => o.status)).toEqual(["CANCELED"]);

		const late = await pending;
		expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_HOLD_MS - 100);
		expect(late.body).toMatchObject({ partnerRef: held?.partnerRef });
	});

	it("sandbox:async-confirm answers PENDING, then confirms by a signed callback", async () => {
		const { bookingId, response } = await book("sandbox:async-confirm", "rent");
		expect(response.status).toBe(202);
		const partnerRef = (response.body as { partnerRef: string }).partnerRef;
		expect(response.body).toEqual({ partnerRef, bookingId, itemId: "itm_1", status: "PENDING" });
		expect((await ordersOf(url(), "rent", bookingId)).map((o) => o.status)).toEqual(["PENDING"]);

		const callbacks = await receiver.waitFor(partnerRef, 1, 5_000);
		expect(callbacks[0]?.path).toBe("/v1/callbacks/order-items");
		expect(callbacks[0]?.event).toEqual({
			id: expect.stringMatching(EVENT_ID),
			partnerRef,
			bookingId,
			itemId: "itm_1",
			businessType: "RENT",
			status: "CONFIRMED",
			occurredAt: expect.stringMatching(ISO_INSTANT),
		});
		expectSigned(callbacks);
		expect((await ordersOf(url(), "rent", bookingId)).map((o) => o.status)).toEqual(["BOOKED"]);
	});

	it("sandbox:async-reject answers PENDING, then rejects by callback", async () => {
		const { bookingId, response } = await book("sandbox:async-reject", "shuttle");
		expect(response.status).toBe(202);
		const partnerRef = (response.body as { partnerRef: string }).partnerRef;
		const [callback] = await receiver.waitFor(partnerRef, 1, 5_000);
		expect(callback?.event).toMatchObject({ partnerRef, businessType: "SHUTTLE", status: "REJECTED" });
		expect((await ordersOf(url(), "shuttle", bookingId)).map((o) => o.status)).toEqual(["REJECTED"]);
	});

	it("a PENDING order cancelled before its confirmation never confirms", async () => {
		const { bookingId, response } = await book("sandbox:async-confirm");
		const partnerRef = (response.body as { partnerRef: string }).partnerRef;
		expect((await cancelAt(url(), "taxi", partnerRef)).body).toEqual({ partnerRef, status: "CANCELED" });
		await sleep(700);
		expect(receiver.requestsFor(partnerRef)).toEqual([]);
		expect((await ordersOf(url(), "taxi", bookingId)).map((o) => o.status)).toEqual(["CANCELED"]);
	});
});

describe("cancelling", () => {
	it("cancels an order idempotently", async () => {
		const bookingId = newBookingId();
		const partnerRef = await newOrder(url(), "taxi", bookingId);
		for (let i = 0; i < 2; i++) {
			const response = await cancelAt(url(), "taxi", partnerRef);
			expect(response.status).toBe(200);
			expect(response.body).toEqual({ partnerRef, status: "CANCELED" });
		}
		expect((await ordersOf(url(), "taxi", bookingId)).map((o) => o.status)).toEqual(["CANCELED"]);
	});

	it("answers REJECTED for a rejected order and 404 for an unknown one", async () => {
		const { response } = await book("sandbox:reject");
		const partnerRef = (response.body as { partnerRef: string }).partnerRef;
		expect((await cancelAt(url(), "taxi", partnerRef)).body).toEqual({ partnerRef, status: "REJECTED" });

		const unknown = `taxi_${"0".repeat(32)}`;
		const missing = await cancelAt(url(), "taxi", unknown);
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({
			type: "/problems/order-not-found",
			title: "Order not found",
			status: 404,
			detail: `Order ${unknown} does not exist.`,
			code: "ORDER_NOT_FOUND",
		});
		// Another partner's reference is not this partner's order.
		expect((await cancelAt(url(), "rent", partnerRef)).status).toBe(404);
	});

	it("sandbox:cancel-fails:2 fails the first two cancels with 503", async () => {
		const partnerRef = await newOrder(url(), "delivery", newBookingId(), "sandbox:cancel-fails:2");
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await cancelAt(url(), "delivery", partnerRef)).status);
		expect(statuses).toEqual([503, 503, 200, 200]);
	});

	it("cancel-by-key cancels what the key booked, and a later book with that key books nothing", async () => {
		const { bookingId, key, response } = await book("");
		const partnerRef = (response.body as { partnerRef: string }).partnerRef;
		expect((await cancelByKeyAt(url(), "taxi", key)).body).toEqual({ status: "CANCELED", partnerRef });
		const again = await bookAt(url(), "taxi", orderRequest(bookingId, "itm_1"), key);
		expect(again.status).toBe(200);
		expect(again.body).toEqual({ partnerRef, bookingId, itemId: "itm_1", status: "CANCELED" });

		// A key cancelled before its book call arrived: NOT_FOUND now, and the late call books nothing.
		const lateKey = bookKey(bookingId, "itm_2");
		expect((await cancelByKeyAt(url(), "taxi", lateKey)).body).toEqual({ status: "NOT_FOUND" });
		const late = await bookAt(url(), "taxi", orderRequest(bookingId, "itm_2"), lateKey);
		expect(late.status).toBe(200);
		expect(late.body).toMatchObject({ itemId: "itm_2", status: "CANCELED" });
		expect((await ordersOf(url(), "taxi", bookingId)).map((o) => [o.itemId, o.status])).toEqual([
			["itm_1", "CANCELED"],
			["itm_2", "CANCELED"],
		]);
	});
});

describe("listing a booking's orders", () => {
	it("lists only that booking's orders at that partner, oldest first", async () => {
		const bookingId = newBookingId();
		const first = await newOrder(url(), "shuttle", bookingId);
		const second = await newOrder(url(), "shuttle", bookingId);
		await newOrder(url(), "shuttle", newBookingId());
		await newOrder(url(), "taxi", bookingId);
		expect((await ordersOf(url(), "shuttle", bookingId)).map((o) => o.partnerRef)).toEqual([first, second]);
		expect(await ordersOf(url(), "rent", bookingId)).toEqual([]);

		const missing = await getJson(`${url()}/partners/shuttle/orders`);
		expect(missing.status).toBe(400);
		expect(missing.body).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ path: "bookingId" }] });
	});
});

describe("advancing an order", () => {
	it("moves it to COMPLETED, pushing one signed callback per step in order, retried until accepted", async () => {
		const bookingId = newBookingId();
		const partnerRef = await newOrder(url(), "taxi", bookingId);
		receiver.refuseNext(partnerRef, 1, 503);
		const assigned = await advanceAt(url(), "taxi", partnerRef, "DRIVER_ASSIGNED");
		expect(assigned.status).toBe(200);
		const vehicle = (assigned.body as { vehicle: Record<string, string> }).vehicle;
		expect(vehicle).toEqual({
			plate: expect.stringMatching(/^B \d{4} [A-Z]{3}$/),
			model: expect.any(String),
			color: expect.any(String),
			driverName: expect.any(String),
			driverPhone: expect.stringMatching(/^\+62812\d{8}$/),
		});
		expect(assigned.body).toMatchObject({
			partnerRef,
			bookingId,
			status: "DRIVER_ASSIGNED",
			businessType: "TAXI",
		});
		expect((await advanceAt(url(), "taxi", partnerRef, "PICKED_UP")).body).toMatchObject({
			status: "PICKED_UP",
		});
		expect((await advanceAt(url(), "taxi", partnerRef, "COMPLETED")).body).toMatchObject({
			status: "COMPLETED",
		});

		const requests = await receiver.waitFor(partnerRef, 4, 8_000);
		expect(requests.map((r) => [r.event.status, r.answered])).toEqual([
			["DRIVER_ASSIGNED", 503],
			["DRIVER_ASSIGNED", 200],
			["PICKED_UP", 200],
			["COMPLETED", 200],
		]);
		expectSigned(requests);
		expect(requests[1]?.event).toEqual({
			id: requests[0]?.event.id,
			partnerRef,
			bookingId,
			itemId: expect.any(String),
			businessType: "TAXI",
			status: "DRIVER_ASSIGNED",
			vehicle,
			occurredAt: expect.stringMatching(ISO_INSTANT),
		});
		expect(requests[2]?.event.vehicle).toBeUndefined();
		expect((await ordersOf(url(), "taxi", bookingId)).map((o) => o.status)).toEqual(["COMPLETED"]);
	});

	it("lets the partner cancel a booked order, and refuses illegal moves with 409", async () => {
		const bookingId = newBookingId();
		const partnerRef = await newOrder(url(), "rent", bookingId);
		const skipped = await advanceAt(url(), "rent", partnerRef, "COMPLETED");
		expect(skipped.status).toBe(409);
		expect(skipped.body).toEqual({
			type: "/problems/illegal-transition",
			title: "Illegal transition",
			status: 409,
			detail: `Order ${partnerRef} is BOOKED; it cannot move to COMPLETED.`,
			code: "ILLEGAL_TRANSITION",
			order: expect.objectContaining({ partnerRef, status: "BOOKED" }),
		});

		const canceled = await advanceAt(url(), "rent", partnerRef, "CANCELED_BY_PARTNER");
		expect(canceled.body).toMatchObject({ partnerRef, status: "CANCELED" });
		const [callback] = await receiver.waitFor(partnerRef, 1);
		expect(callback?.event).toMatchObject({ partnerRef, status: "CANCELED_BY_PARTNER" });
		expect((await advanceAt(url(), "rent", partnerRef, "DRIVER_ASSIGNED")).status).toBe(409);
		expect((await advanceAt(url(), "rent", partnerRef, "ARRIVED")).status).toBe(400);
	});

	it("redelivers the last callback with the same body and a fresh signature", async () => {
		const partnerRef = await newOrder(url(), "delivery", newBookingId());
		const none = await postJson(`${url()}/partners/delivery/orders/${partnerRef}/redeliver`, {});
		expect(none.status).toBe(409);
		expect(none.body).toMatchObject({ code: "NO_WEBHOOK_EVENT" });

		await advanceAt(url(), "delivery", partnerRef, "DRIVER_ASSIGNED");
		const [original] = await receiver.waitFor(partnerRef, 1);
		const response = await postJson(`${url()}/partners/delivery/orders/${partnerRef}/redeliver`, {});
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ eventId: original?.event.id, delivered: true, status: 200 });
		const [, duplicate] = await receiver.waitFor(partnerRef, 2);
		expect(duplicate?.rawBody).toBe(original?.rawBody);
		expectSigned([original, duplicate].flatMap((r) => (r ? [r] : [])));
	});
});
