import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { ApiError } from "../lib/problem";
import { paymentFinal, paymentNotFound, paymentStub, readPayment } from "./http";
import { SimulateBody } from "./schemas";

/**
 * The sandbox's test control surface for payments, outside the processor's own API: settle a
 * payment without a browser (even after its link was voided or expired), resend the last
 * webhook, and read the payment as the processor holds it.
 */
export const paymentControls = new Hono<AppEnv>()
	.get("/payments/:paymentId", async (c) => {
		return c.json(await readPayment(c.env, c.req.param("paymentId")), 200);
	})
	.post("/payments/:paymentId/simulate", async (c) => {
		const paymentId = c.req.param("paymentId");
		const stub = paymentStub(c.env, paymentId);
		const { outcome } = await readJson(c, SimulateBody);
		const result = await stub.settle(paymentId, outcome, "control", c.var.now);
		if (result.ok) return c.json(result.payment, 200);
		if (result.code === "PAYMENT_NOT_FOUND") throw paymentNotFound(paymentId);
		// The control channel never sees LINK_EXPIRED: only the customer's link refuses.
		throw paymentFinal(result.payment, outcome);
	})
	.post("/payments/:paymentId/redeliver", async (c) => {
		const paymentId = c.req.param("paymentId");
		const result = await paymentStub(c.env, paymentId).redeliver(paymentId);
		if (result.ok) {
			const { ok: _ok, ...answer } = result;
			return c.json(answer, 200);
		}
		if (result.code === "PAYMENT_NOT_FOUND") throw paymentNotFound(paymentId);
		throw new ApiError(
			409,
			"NO_WEBHOOK_EVENT",
			`Payment ${paymentId} has not emitted any webhook event yet.`,
		);
	});
