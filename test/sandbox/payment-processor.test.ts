import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson, validationProblem } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";
import {
	createPaymentAt,
	EVENT_ID,
	eventually,
	ISO_INSTANT,
	newKey,
	newPayment,
	PAYMENT_ID,
	paymentAt,
	paymentRequest,
	REFUND_ID,
	refundAt,
	simulateAt,
} from "./payment-fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

let sandbox: RunningSandbox;
let receiver: WebhookReceiver;

beforeAll(async () => {
	receiver = await startWebhookReceiver();
	sandbox = await startSandbox({ orchestratorUrl: receiver.url });
});
afterAll(async () => {
	await sandbox?.stop();
	await receiver?.close();
});

const create = (body: unknown, key: string) => createPaymentAt(sandbox.url, body, key);
const payment = (paymentId: string) => paymentAt(sandbox.url, paymentId);
const simulate = (paymentId: string, outcome: string) => simulateAt(sandbox.url, paymentId, outcome);
const refund = (paymentId: string, body: unknown, key?: string) =>
	refundAt(sandbox.url, paymentId, body, key);
const voidPayment = (paymentId: string) =>
	postJson(`${sandbox.url}/payment-processor/payments/${paymentId}/void`, {});

describe("creating a payment", () => {
	it("answers 201 with a PENDING payment whose link is the sandbox's payment page", async () => {
		const request = paymentRequest({ method: "CREDIT_CARD", description: "Taxi Monas to Blok M" });
		const response = await create(request, newKey());
		expect(response.status).toBe(201);
		const paymentId = (response.body as { paymentId: string }).paymentId;
		expect(paymentId).toMatch(PAYMENT_ID);
		expect(response.body).toEqual({
			paymentId,
			reference: request.reference,
			amount: 150_000,
			currency: "IDR",
			method: "CREDIT_CARD",
			description: "Taxi Monas to Blok M",
			status: "PENDING",
			url: `${sandbox.url}/pay/${paymentId}`,
			expiresAt: request.expiresAt,
			createdAt: expect.stringMatching(ISO_INSTANT),
		});
		const held = await getJson(`${sandbox.url}/payment-processor/payments/${paymentId}`);
		expect(held.status).toBe(200);
		expect(held.body).toEqual({ ...(response.body as object), refunds: [], events: [], deliveries: [] });
	});

	it("returns the same payment with 200 for the same key and body", async () => {
		const key = newKey();
		const request = paymentRequest();
		const first = await create(request, key);
		const again = await Promise.all([create(request, key), create(request, key)]);
		expect(first.status).toBe(201);
		expect(again.map((r) => r.status)).toEqual([200, 200]);
		expect(again.map((r) => r.body)).toEqual([first.body, first.body]);
	});

	it("refuses the same key with another body", async () => {
		const key = newKey();
		const first = await create(paymentRequest({ amount: 100_000 }), key);
		const paymentId = (first.body as { paymentId: string }).paymentId;
		const response = await create(paymentRequest({ amount: 120_000 }), key);
		expect(response.status).toBe(409);
		expect(response.contentType).toBe("application/problem+json");
		expect(response.body).toEqual({
			type: "/problems/idempotency-key-reused",
			title: "Idempotency key reused",
			status: 409,
			detail: `Idempotency key ${key} already created payment ${paymentId} with another body.`,
			code: "IDEMPOTENCY_KEY_REUSED",
			paymentId,
		});
	});

	it("answers 503 for sandbox:link-fails without spending the idempotency key", async () => {
		const key = newKey();
		const request = paymentRequest({ description: "order 42 sandbox:link-fails" });
		const response = await create(request, key);
		expect(response.status).toBe(503);
		expect(response.body).toEqual({
			type: "/problems/payment-link-unavailable",
			title: "Payment link unavailable",
			status: 503,
			detail: "The payment link could not be created (sandbox:link-fails).",
			code: "PAYMENT_LINK_UNAVAILABLE",
		});
		const retried = await create({ ...request, description: "order 42" }, key);
		expect(retried.status).toBe(201);
	});

	it("delays the answer by the milliseconds of sandbox:link-slow", async () => {
		const started = Date.now();
		const response = await create(paymentRequest({ description: "sandbox:link-slow:700" }), newKey());
		expect(response.status).toBe(201);
		expect(Date.now() - started).toBeGreaterThanOrEqual(700);
	});

	it("requires an Idempotency-Key", async () => {
		const response = await postJson(`${sandbox.url}/payment-processor/payments`, paymentRequest());
		expect(response.status).toBe(400);
		expect(response.body).toEqual({
			type: "/problems/idempotency-key-required",
			title: "Idempotency key required",
			status: 400,
			detail: "The Idempotency-Key header is required (1 to 255 characters).",
			code: "IDEMPOTENCY_KEY_REQUIRED",
		});
	});

	it("rejects invalid fields with their paths", async () => {
		const body = { reference: "", amount: 10.5, currency: "USD", method: "BITCOIN", expiresAt: "tomorrow" };
		const response = await create(body, newKey());
		expect(response.status).toBe(400);
		expect(response.contentType).toBe("application/problem+json");
		expect(response.body).toEqual(
			validationProblem(["reference", "amount", "currency", "method", "expiresAt"]),
		);
		const zero = await create(paymentRequest({ amount: 0 }), newKey());
		expect(zero.body).toEqual(validationProblem(["amount"]));
	});

	it("answers malformed JSON with a 400 problem", async () => {
		const response = await create('{"amount": ', newKey());
		expect(response.status).toBe(400);
		expect(response.body).toMatchObject({ code: "MALFORMED_JSON", errors: [{ path: "" }] });
	});

	it.each(["pay_00000000000000000000000000000000", "not-a-payment"])(
		"answers 404 for payment %s",
		async (id) => {
			for (const url of [
				`${sandbox.url}/payment-processor/payments/${id}`,
				`${sandbox.url}/payments/${id}`,
			]) {
				const response = await getJson(url);
				expect(response.status).toBe(404);
				expect(response.body).toEqual({
					type: "/problems/payment-not-found",
					title: "Payment not found",
					status: 404,
					detail: `Payment ${id} does not exist.`,
					code: "PAYMENT_NOT_FOUND",
				});
			}
		},
	);
});

describe("voiding a payment", () => {
	it("turns a PENDING payment VOIDED, and voiding again changes nothing", async () => {
		const paymentId = await newPayment(sandbox.url);
		const first = await voidPayment(paymentId);
		expect(first.status).toBe(200);
		expect(first.body).toMatchObject({ paymentId, status: "VOIDED", events: [] });
		const again = await voidPayment(paymentId);
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
	});

	it("refuses to void a PAID payment and shows the payment", async () => {
		const paymentId = await newPayment(sandbox.url);
		await simulate(paymentId, "PAID");
		const response = await voidPayment(paymentId);
		expect(response.status).toBe(409);
		expect(response.body).toEqual({
			type: "/problems/payment-already-paid",
			title: "Payment already paid",
			status: 409,
			detail: `Payment ${paymentId} is already PAID; refund it instead of voiding it.`,
			code: "PAYMENT_ALREADY_PAID",
			payment: expect.objectContaining({
				paymentId,
				status: "PAID",
				paidAt: expect.stringMatching(ISO_INSTANT),
			}),
		});
	});
});

describe("simulating an outcome", () => {
	it("pays a voided payment (the last-second customer) and sends payment.paid", async () => {
		const paymentId = await newPayment(sandbox.url);
		await voidPayment(paymentId);
		const response = await simulate(paymentId, "PAID");
		expect(response.status).toBe(200);
		expect(response.body).toMatchObject({
			paymentId,
			status: "PAID",
			paidAt: expect.stringMatching(ISO_INSTANT),
		});
		const [webhook] = await receiver.waitFor(paymentId, 1);
		expect(webhook?.event).toMatchObject({ type: "payment.paid", data: { paymentId, status: "PAID" } });
		expect(webhook?.event.id).toMatch(EVENT_ID);
	});

	it("treats the same outcome again as a no-op and refuses another one", async () => {
		const paymentId = await newPayment(sandbox.url);
		expect((await simulate(paymentId, "FAILED")).status).toBe(200);
		const again = await simulate(paymentId, "FAILED");
		expect(again.status).toBe(200);
		expect((again.body as { events: unknown[] }).events).toHaveLength(1);
		const paid = await simulate(paymentId, "PAID");
		expect(paid.status).toBe(409);
		expect(paid.body).toEqual({
			type: "/problems/payment-final",
			title: "Payment is final",
			status: 409,
			detail: `Payment ${paymentId} is already FAILED; it cannot become PAID.`,
			code: "PAYMENT_FINAL",
			payment: expect.objectContaining({ paymentId, status: "FAILED" }),
		});
	});

	it("rejects an unknown outcome with its path", async () => {
		const paymentId = await newPayment(sandbox.url);
		const response = await simulate(paymentId, "REFUNDED");
		expect(response.status).toBe(400);
		expect(response.body).toEqual(validationProblem(["outcome"]));
	});
});

describe("refunds", () => {
	it("accepts a refund with 202 and confirms it by refund.succeeded after the delay", async () => {
		const paymentId = await newPayment(sandbox.url);
		await simulate(paymentId, "PAID");
		const response = await refund(paymentId, { amount: 50_000, reason: "Driver canceled" });
		expect(response.status).toBe(202);
		const refundId = (response.body as { refundId: string }).refundId;
		expect(refundId).toMatch(REFUND_ID);
		expect(response.body).toEqual({
			refundId,
			paymentId,
			amount: 50_000,
			status: "PENDING",
			reason: "Driver canceled",
			createdAt: expect.stringMatching(ISO_INSTANT),
		});
		const requests = await receiver.waitFor(paymentId, 2);
		expect(requests.map((r) => r.event.type)).toEqual(["payment.paid", "refund.succeeded"]);
		expect(requests[1]?.event.data).toMatchObject({
			paymentId,
			amount: 150_000,
			status: "PAID",
			refund: { refundId, amount: 50_000, status: "SUCCEEDED" },
		});
		const held = await payment(paymentId);
		expect(held.refunds).toEqual([
			{
				...(response.body as object),
				status: "SUCCEEDED",
				succeededAt: expect.stringMatching(ISO_INSTANT),
			},
		]);
		const confirmedAfter = Date.parse(held.refunds[0]?.succeededAt ?? "") - Date.parse(held.paidAt ?? "");
		expect(confirmedAfter).toBeGreaterThanOrEqual(1_000);
	});

	it("makes one refund for a repeated Idempotency-Key", async () => {
		const paymentId = await newPayment(sandbox.url);
		await simulate(paymentId, "PAID");
		const key = newKey();
		const first = await refund(paymentId, { amount: 20_000 }, key);
		const again = await refund(paymentId, { amount: 20_000 }, key);
		expect([first.status, again.status]).toEqual([202, 200]);
		expect(again.body).toMatchObject({ refundId: (first.body as { refundId: string }).refundId });
		const other = await refund(paymentId, { amount: 30_000 }, key);
		expect(other.status).toBe(409);
		expect(other.body).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED" });
		expect((await payment(paymentId)).refunds).toHaveLength(1);
	});

	it("refuses refunds beyond the amount paid, counting pending ones", async () => {
		const paymentId = await newPayment(sandbox.url, { amount: 100_000 });
		await simulate(paymentId, "PAID");
		expect((await refund(paymentId, { amount: 60_000 })).status).toBe(202);
		const response = await refund(paymentId, { amount: 40_001 });
		expect(response.status).toBe(409);
		expect(response.body).toEqual({
			type: "/problems/refund-exceeds-payment",
			title: "Refund exceeds payment",
			status: 409,
			detail: `A refund of 40001 would exceed payment ${paymentId}: 60000 of 100000 is already refunded.`,
			code: "REFUND_EXCEEDS_PAYMENT",
			payment: expect.objectContaining({ paymentId, status: "PAID" }),
		});
		expect((await refund(paymentId, { amount: 40_000 })).status).toBe(202);
	});

	it("refuses to refund a payment that is not PAID", async () => {
		const paymentId = await newPayment(sandbox.url);
		const response = await refund(paymentId, { amount: 1_000 });
		expect(response.status).toBe(409);
		expect(response.body).toMatchObject({
			code: "PAYMENT_NOT_PAID",
			detail: `Payment ${paymentId} is PENDING; only a PAID payment can be refunded.`,
		});
	});

	it("rejects a refund without a key or with a bad amount", async () => {
		const paymentId = await newPayment(sandbox.url);
		const url = `${sandbox.url}/payment-processor/payments/${paymentId}/refunds`;
		expect((await postJson(url, { amount: 1_000 })).body).toMatchObject({ code: "IDEMPOTENCY_KEY_REQUIRED" });
		const response = await refund(paymentId, { amount: -5, reason: 7 });
		expect(response.status).toBe(400);
		expect(response.body).toEqual(validationProblem(["amount", "reason"]));
	});
});

describe("the hosted payment page", () => {
	const page = async (paymentId: string, init?: RequestInit) => {
		const response = await fetch(`${sandbox.url}/pay/${paymentId}`, init);
		return {
			status: response.status,
			type: response.headers.get("content-type"),
			html: await response.text(),
		};
	};
	const submit = (paymentId: string, outcome: string) =>
		page(paymentId, { method: "POST", body: new URLSearchParams({ outcome }) });

	it("shows the amount, method, reference and status with Pay, Fail and Cancel buttons", async () => {
		const reference = newKey();
		const paymentId = await newPayment(sandbox.url, { reference, amount: 1_234_500, method: "SHOPEEPAY" });
		const { status, type, html } = await page(paymentId);
		expect(status).toBe(200);
		expect(type).toMatch(/^text\/html/);
		expect(html).toContain('<p class="amount" data-field="amount">Rp 1.234.500</p>');
		expect(html).toContain('<dd data-field="method">ShopeePay</dd>');
		expect(html).toContain(`<dd data-field="reference">${reference}</dd>`);
		expect(html).toContain('<dd data-field="status">PENDING</dd>');
		expect(html.match(new RegExp(`<form method="post" action="/pay/${paymentId}">`, "g"))).toHaveLength(3);
		for (const outcome of ["PAID", "FAILED", "CANCELED"]) {
			expect(html).toContain(`<input type="hidden" name="outcome" value="${outcome}">`);
		}
		expect(html).not.toMatch(/<(script|link|img)\b/);
	});

	it("pays from the form and renders the result without buttons", async () => {
		const paymentId = await newPayment(sandbox.url);
		const { status, html } = await submit(paymentId, "PAID");
		expect(status).toBe(200);
		expect(html).toContain('<dd data-field="status">PAID</dd>');
		expect(html).toContain("Payment received.");
		expect(html).not.toContain("<form");
		expect((await payment(paymentId)).status).toBe("PAID");
		await receiver.waitFor(paymentId, 1);
	});

	it("says a voided link expired, shows no buttons and refuses the form", async () => {
		const paymentId = await newPayment(sandbox.url);
		await voidPayment(paymentId);
		const shown = await page(paymentId);
		expect(shown.html).toContain("This payment link has expired.");
		expect(shown.html).not.toContain("<form");
		const submitted = await submit(paymentId, "PAID");
		expect(submitted.status).toBe(410);
		expect((await payment(paymentId)).status).toBe("VOIDED");
	});

	it("treats a link past expiresAt as expired while the control surface still pays it", async () => {
		const paymentId = await newPayment(sandbox.url, {
			expiresAt: new Date(Date.now() - 1_000).toISOString(),
		});
		const shown = await page(paymentId);
		expect(shown.html).toContain("This payment link has expired.");
		expect(shown.html).not.toContain("<form");
		expect((await submit(paymentId, "PAID")).status).toBe(410);
		expect((await simulate(paymentId, "PAID")).status).toBe(200);
	});

	it("links back to the shop's returnUrl while open and after each outcome", async () => {
		const returnUrl = "http://127.0.0.1:8000/track";
		for (const outcome of ["PAID", "FAILED", "CANCELED"]) {
			const paymentId = await newPayment(sandbox.url, { returnUrl });
			const open = await page(paymentId);
			expect(open.html).toContain(
				`<a data-testid="return" href="${returnUrl}">Back to the shop without paying</a>`,
			);
			const after = await submit(paymentId, outcome);
			expect(after.html, outcome).toContain(
				`<a data-testid="return" href="${returnUrl}">Back to the shop</a>`,
			);
		}
		// Without one, the page has no link; a returnUrl that is not http(s) is refused.
		expect((await page(await newPayment(sandbox.url))).html).not.toContain('data-testid="return"');
		const refused = await create(paymentRequest({ returnUrl: "javascript:alert(1)" }), newKey());
		expect(refused.status).toBe(400);
	});

	it("answers an unknown payment and an unreadable form with an HTML error", async () => {
		const missing = await page("pay_00000000000000000000000000000000");
		expect(missing.status).toBe(404);
		expect(missing.html).toContain("Payment not found");
		const paymentId = await newPayment(sandbox.url);
		const bad = await submit(paymentId, "MAYBE");
		expect(bad.status).toBe(400);
		expect((await payment(paymentId)).status).toBe("PENDING");
	});
});

it("lists every refund and every event on the control alias", async () => {
	const paymentId = await newPayment(sandbox.url);
	await simulate(paymentId, "PAID");
	await refund(paymentId, { amount: 1_000 });
	const held = await eventually(
		sandbox.url,
		paymentId,
		(p) => p.deliveries.every((d) => d.state === "DELIVERED") && p.deliveries.length === 2,
	);
	expect(held.events.map((event) => event.type)).toEqual(["payment.paid", "refund.succeeded"]);
	const processor = await getJson(`${sandbox.url}/payment-processor/payments/${paymentId}`);
	expect(processor.body).toEqual(held);
});
