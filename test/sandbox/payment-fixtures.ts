import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { getJson, type JsonResponse, postJson } from "../support/http";

/** Requests and shortcuts shared by the payment processor suites. */

export type PaymentBody = {
	paymentId: string;
	status: string;
	url: string;
	amount: number;
	paidAt?: string;
	refunds: { refundId: string; amount: number; status: string; succeededAt?: string }[];
	events: { id: string; type: string }[];
	deliveries: { eventId: string; state: string; attempts: number }[];
};

export const newKey = (): string => `bkg_${randomUUID()}`;

export function paymentRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		reference: newKey(),
		amount: 150_000,
		currency: "IDR",
		method: "GOPAY",
		expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
		...overrides,
	};
}

export function createPaymentAt(base: string, body: unknown, key: string): Promise<JsonResponse> {
	return postJson(`${base}/payment-processor/payments`, body, { "idempotency-key": key });
}

/** Creates a payment and returns its id, failing the test unless the processor answers 201. */
export async function newPayment(base: string, overrides: Record<string, unknown> = {}): Promise<string> {
	const response = await createPaymentAt(base, paymentRequest(overrides), newKey());
	expect(response.status).toBe(201);
	return (response.body as { paymentId: string }).paymentId;
}

export async function paymentAt(base: string, paymentId: string): Promise<PaymentBody> {
	const response = await getJson(`${base}/payments/${paymentId}`);
	expect(response.status).toBe(200);
	return response.body as PaymentBody;
}

export function simulateAt(base: string, paymentId: string, outcome: string): Promise<JsonResponse> {
	return postJson(`${base}/payments/${paymentId}/simulate`, { outcome });
}

export function refundAt(
	base: string,
	paymentId: string,
	body: unknown,
	key = newKey(),
): Promise<JsonResponse> {
	return postJson(`${base}/payment-processor/payments/${paymentId}/refunds`, body, {
		"idempotency-key": key,
	});
}

/** Polls the payment until `done` holds; the processor confirms refunds and deliveries on its alarm. */
export async function eventually(
	base: string,
	paymentId: string,
	done: (payment: PaymentBody) => boolean,
	timeoutMs = 10_000,
): Promise<PaymentBody> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const payment = await paymentAt(base, paymentId);
		if (done(payment)) return payment;
		if (Date.now() > deadline) throw new Error(`payment never reached the state: ${JSON.stringify(payment)}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const PAYMENT_ID = /^pay_[0-9a-f]{32}$/;
export const REFUND_ID = /^rfd_[0-9a-f]{32}$/;
export const EVENT_ID = /^evt_[0-9a-f]{32}$/;
