import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { paymentsStub } from "./http";
import { isPaymentId } from "./ids";
import { renderMessagePage, renderPaymentPage } from "./page";
import { OUTCOMES, type Outcome } from "./payments";

function isOutcome(value: unknown): value is Outcome {
	return typeof value === "string" && (OUTCOMES as readonly string[]).includes(value);
}

/** The form fields, or null when the body is not a form we can read. */
async function formFields(request: Request): Promise<Record<string, unknown> | null> {
	try {
		return Object.fromEntries((await request.formData()).entries());
	} catch {
		return null;
	}
}

const NOT_FOUND_TITLE = "Payment not found";

/**
 * The hosted payment page the customer is sent to: Pay / Fail / Cancel while the link is open.
 * A VOIDED or expired link refuses (410) and shows no buttons; the control surface still works.
 */
export const paymentPage = new Hono<AppEnv>()
	.get("/:paymentId", async (c) => {
		const paymentId = c.req.param("paymentId");
		const payment = isPaymentId(paymentId) ? await paymentsStub(c.env).read(paymentId) : null;
		if (!payment) return c.html(renderMessagePage(NOT_FOUND_TITLE, `There is no payment ${paymentId}.`), 404);
		return c.html(renderPaymentPage(payment, c.var.now), 200);
	})
	.post("/:paymentId", async (c) => {
		const paymentId = c.req.param("paymentId");
		if (!isPaymentId(paymentId)) {
			return c.html(renderMessagePage(NOT_FOUND_TITLE, `There is no payment ${paymentId}.`), 404);
		}
		const outcome = (await formFields(c.req.raw))?.outcome;
		if (!isOutcome(outcome)) {
			const expected = OUTCOMES.join(", ");
			return c.html(
				renderMessagePage("Invalid request", `The form must send outcome: one of ${expected}.`),
				400,
			);
		}
		const result = await paymentsStub(c.env).settle(paymentId, outcome, "link", c.var.now);
		if (result.ok) return c.html(renderPaymentPage(result.payment, c.var.now), 200);
		switch (result.code) {
			case "PAYMENT_NOT_FOUND":
				return c.html(renderMessagePage(NOT_FOUND_TITLE, `There is no payment ${paymentId}.`), 404);
			case "LINK_EXPIRED":
				return c.html(renderPaymentPage(result.payment, c.var.now), 410);
			case "PAYMENT_FINAL": {
				const notice = `This payment is already ${result.payment.status.toLowerCase()}; nothing changed.`;
				return c.html(renderPaymentPage(result.payment, c.var.now, notice), 409);
			}
		}
	});
