import { z } from "zod";
import { OUTCOMES, PAYMENT_METHODS } from "./payments";

const MAX_AMOUNT = 1_000_000_000_000;
const Amount = z.number().int().positive().max(MAX_AMOUNT);
const Reason = z.string().max(500);

export const CreatePaymentBody = z.object({
	reference: z.string().trim().min(1).max(128),
	amount: Amount,
	currency: z.literal("IDR"),
	method: z.enum(PAYMENT_METHODS),
	expiresAt: z.iso.datetime({ offset: true }),
	description: z.string().max(500).optional(),
	/** Seconds the checkout session stays open (the orchestrator's PAYMENT_CHECKOUT_TIMEOUT). */
	checkoutTimeoutSeconds: z.number().int().positive().max(86_400).optional(),
	/** The shop's page the payment page links back to once paid, failed or cancelled. */
	returnUrl: z
		.url({ protocol: /^https?$/ })
		.max(2048)
		.optional(),
});
export type CreatePaymentBody = z.infer<typeof CreatePaymentBody>;

export const CreateRefundBody = z.object({
	amount: Amount,
	reason: Reason.optional(),
	/** The caller's name for the refund (its own key or id), echoed in the refund's webhook. */
	reference: z.string().min(1).max(128).optional(),
});
export type CreateRefundBody = z.infer<typeof CreateRefundBody>;

export const SimulateBody = z.object({ outcome: z.enum(OUTCOMES) });
