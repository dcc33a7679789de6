import { Hono } from "hono";
import { holdAnswer, injectFaults } from "../control/inject";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { ApiError } from "../lib/problem";
import { sleep } from "../lib/sleep";
import {
	alreadyPaid,
	idempotencyKey,
	notPaid,
	paymentNotFound,
	paymentStub,
	readPayment,
	refundExceeds,
	summary,
} from "./http";
import { paymentIdFor } from "./ids";
import type { Payment } from "./payments";
import { CreatePaymentBody, CreateRefundBody } from "./schemas";

const MAX_SLOW_MS = 60_000;

/**
 * Steering through the description, like a test card: `sandbox:link-fails` answers 503 without
 * creating anything, `sandbox:link-slow:MS` delays every answer for that request by MS, and
 * `sandbox:refund-slow:MS` answers every refund call of the payment MS late (the refund itself
 * is made at once, so its confirmation can overtake the answer).
 */
function steering(description: string | undefined): {
	fails: boolean;
	delayMs: number;
	refundDelayMs: number;
} {
	const text = description ?? "";
	const ms = (name: string) => {
		const match = new RegExp(`sandbox:${name}:(\\d+)`).exec(text);
		return match ? Math.min(Number(match[1]), MAX_SLOW_MS) : 0;
	};
	return {
		fails: text.includes("sandbox:link-fails"),
		delayMs: ms("link-slow"),
		refundDelayMs: ms("refund-slow"),
	};
}

/** What "the same body" means for a retried create: the validated, normalised request. */
function normalise(body: CreatePaymentBody) {
	return {
		reference: body.reference,
		amount: body.amount,
		currency: body.currency,
		method: body.method,
		expiresAt: new Date(body.expiresAt).toISOString(),
		description: body.description ?? null,
		returnUrl: body.returnUrl ?? null,
	};
}

/**
 * The Payment Processor: payment links, voids and refunds, confirmed by signed webhooks.
 * Faults set for PAYMENT apply to creating a payment, those for REFUND to creating a refund.
 */
export const paymentProcessor = new Hono<AppEnv>()
	.post("/payments", async (c) => {
		const key = idempotencyKey(c);
		const body = await readJson(c, CreatePaymentBody);
		const fault = await injectFaults(c.env, "PAYMENT");
		const steer = steering(body.description);
		if (steer.fails) {
			throw new ApiError(
				503,
				"PAYMENT_LINK_UNAVAILABLE",
				"The payment link could not be created (sandbox:link-fails).",
			);
		}
		const request = normalise(body);
		const paymentId = await paymentIdFor(key);
		const { description, returnUrl, ...fields } = request;
		const payment: Payment = {
			paymentId,
			...fields,
			status: "PENDING",
			url: `${c.env.PUBLIC_URL.replace(/\/+$/, "")}/pay/${paymentId}`,
			createdAt: c.var.now.toISOString(),
		};
		if (description !== null) payment.description = description;
		if (returnUrl !== null) payment.returnUrl = returnUrl;
		const result = await paymentStub(c.env, paymentId).create(payment, JSON.stringify(request));
		if (!result.ok) {
			throw new ApiError(
				409,
				"IDEMPOTENCY_KEY_REUSED",
				`Idempotency key ${key} already created payment ${result.paymentId} with another body.`,
				undefined,
				{ paymentId: result.paymentId },
			);
		}
		if (steer.delayMs > 0) await sleep(steer.delayMs);
		await holdAnswer(c.env, fault.hold);
		return c.json(summary(result.payment), result.created ? 201 : 200);
	})
	.get("/payments/:paymentId", async (c) => {
		return c.json(await readPayment(c.env, c.req.param("paymentId")), 200);
	})
	.post("/payments/:paymentId/void", async (c) => {
		const paymentId = c.req.param("paymentId");
		const result = await paymentStub(c.env, paymentId).voidLink(paymentId);
		if (result.ok) return c.json(result.payment, 200);
		if (result.code === "PAYMENT_NOT_FOUND") throw paymentNotFound(paymentId);
		throw alreadyPaid(result.payment);
	})
	.post("/payments/:paymentId/refunds", async (c) => {
		const paymentId = c.req.param("paymentId");
		const stub = paymentStub(c.env, paymentId);
		const key = idempotencyKey(c);
		const body = await readJson(c, CreateRefundBody);
		const fault = await injectFaults(c.env, "REFUND");
		const result = await stub.refund(paymentId, key, body, c.var.now);
		await holdAnswer(c.env, fault.hold);
		if (result.ok) {
			const { refundDelayMs } = steering((await stub.read(paymentId))?.description);
			if (refundDelayMs > 0) await sleep(refundDelayMs);
		}
		if (result.ok) return c.json(result.refund, result.created ? 202 : 200);
		switch (result.code) {
			case "PAYMENT_NOT_FOUND":
				throw paymentNotFound(paymentId);
			case "PAYMENT_NOT_PAID":
				throw notPaid(result.payment);
			case "REFUND_EXCEEDS_PAYMENT":
				throw refundExceeds(result.payment, body.amount);
			case "IDEMPOTENCY_KEY_REUSED":
				throw new ApiError(
					409,
					"IDEMPOTENCY_KEY_REUSED",
					`Idempotency key ${key} already created refund ${result.refund.refundId} with another body.`,
					undefined,
					{ refund: result.refund },
				);
		}
	});
