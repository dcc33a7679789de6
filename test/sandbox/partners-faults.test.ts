import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";
import {
	bookAt,
	bookKey,
	cancelAt,
	newBookingId,
	newOrder,
	orderRequest,
	ordersOf,
} from "./partner-fixtures";
import {
	createPaymentAt,
	newKey,
	newPayment,
	paymentRequest,
	refundAt,
	simulateAt,
} from "./payment-fixtures";

const TIMEOUT_HOLD_MS = 1_000;

let sandbox: RunningSandbox;

beforeAll(async () => {
	sandbox = await startSandbox({
		orchestratorUrl: "http://127.0.0.1:9",
		vars: { PARTNER_TIMEOUT_HOLD: `${TIMEOUT_HOLD_MS}ms` },
	});
});
afterAll(async () => {
	await sandbox?.stop();
});
afterEach(async () => {
	await fetch(`${sandbox.url}/control/faults`, { method: "DELETE" });
});

const setFault = (fault: Record<string, unknown>) => postJson(`${sandbox.url}/control/faults`, fault);

describe("the fault control", () => {
	it("sets faults per target, lists them, and clears them all", async () => {
		const taxi = await setFault({ target: "TAXI", failRate: 0.5, timeoutRate: 0.25, latencyMs: 20 });
		expect(taxi.status).toBe(200);
		await setFault({ target: "PAYMENT", failRate: 1 });
		const listed = await getJson(`${sandbox.url}/control/faults`);
		expect(listed.body).toEqual({
			faults: [
				{ target: "PAYMENT", failRate: 1, timeoutRate: 0, latencyMs: 0, updatedAt: expect.any(String) },
				{ target: "TAXI", failRate: 0.5, timeoutRate: 0.25, latencyMs: 20, updatedAt: expect.any(String) },
			],
		});
		// Setting a target again replaces its fault.
		await setFault({ target: "TAXI", latencyMs: 5 });
		expect((await getJson(`${sandbox.url}/control/faults`)).body).toMatchObject({
			faults: [{ target: "PAYMENT" }, { target: "TAXI", failRate: 0, latencyMs: 5 }],
		});

		const cleared = await fetch(`${sandbox.url}/control/faults`, { method: "DELETE" });
		expect(cleared.status).toBe(200);
		expect(await cleared.json()).toEqual({ faults: [] });
	});

	it("refuses a fault that is not one", async () => {
		const response = await setFault({ target: "BOAT", failRate: 2, latencyMs: -1 });
		expect(response.status).toBe(400);
		expect(response.body).toMatchObject({
			code: "VALIDATION_FAILED",
			errors: [{ path: "target" }, { path: "failRate" }, { path: "latencyMs" }],
		});
	});
});

describe("faults at the partners", () => {
	it("failRate fails book and cancel calls with 503 before they do anything", async () => {
		const bookingId = newBookingId();
		const booked = await newOrder(sandbox.url, "rent", bookingId);
		await setFault({ target: "RENT", failRate: 1 });

		const book = await bookAt(
			sandbox.url,
			"rent",
			orderRequest(bookingId, "itm_2"),
			bookKey(bookingId, "itm_2"),
		);
		expect(book.status).toBe(503);
		expect(book.body).toEqual({
			type: "/problems/fault-injected",
			title: "Fault injected",
			status: 503,
			detail: "RENT is failing on purpose (failRate fault).",
			code: "FAULT_INJECTED",
			target: "RENT",
		});
		expect((await cancelAt(sandbox.url, "rent", booked)).status).toBe(503);
		expect((await ordersOf(sandbox.url, "rent", bookingId)).map((o) => o.status)).toEqual(["BOOKED"]);
		// Other partners are not affected.
		await newOrder(sandbox.url, "taxi", bookingId);
	});

	it("latencyMs delays the call", async () => {
		await setFault({ target: "DELIVERY", latencyMs: 300 });
		const started = Date.now();
		await newOrder(sandbox.url, "delivery", newBookingId());
		expect(Date.now() - started).toBeGreaterThanOrEqual(300);
	});

	it("timeoutRate books, then holds the answer", async () => {
		await setFault({ target: "SHUTTLE", timeoutRate: 1 });
		const bookingId = newBookingId();
		const request = orderRequest(bookingId, "itm_1");
		const key = bookKey(bookingId, "itm_1");
		await expect(bookAt(sandbox.url, "shuttle", request, key, AbortSignal.timeout(300))).rejects.toThrow();
		expect((await ordersOf(sandbox.url, "shuttle", bookingId)).map((o) => o.status)).toEqual(["BOOKED"]);
	});
});

describe("faults at the payment processor", () => {
	it("PAYMENT fails payment creation and REFUND fails refunds", async () => {
		const paid = await newPayment(sandbox.url);
		await simulateAt(sandbox.url, paid, "PAID");
		await setFault({ target: "PAYMENT", failRate: 1 });
		const created = await createPaymentAt(sandbox.url, paymentRequest(), newKey());
		expect(created.status).toBe(503);
		expect(created.body).toMatchObject({ code: "FAULT_INJECTED", target: "PAYMENT" });
		expect((await refundAt(sandbox.url, paid, { amount: 1_000 })).status).toBe(202);

		await setFault({ target: "REFUND", failRate: 1 });
		const refund = await refundAt(sandbox.url, paid, { amount: 1_000 });
		expect(refund.status).toBe(503);
		expect(refund.body).toMatchObject({ code: "FAULT_INJECTED", target: "REFUND" });

		await fetch(`${sandbox.url}/control/faults`, { method: "DELETE" });
		expect((await createPaymentAt(sandbox.url, paymentRequest(), newKey())).status).toBe(201);
	});
});
