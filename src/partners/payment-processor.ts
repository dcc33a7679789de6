import { z } from "zod";
import type { PaymentMethod } from "../domain/payment-methods";
import { ApiError } from "../lib/errors";
import { ID_PATTERN } from "../lib/ids";
import { parseReply, segment, send, type Upstream } from "./upstream";

const PaymentSchema = z.object({
	paymentId: z.string().regex(ID_PATTERN),
	reference: z.string(),
	amount: z.number().int().nonnegative(),
	status: z.enum(["PENDING", "PAID", "FAILED", "CANCELED", "VOIDED"]),
	url: z.string().url(),
	expiresAt: z.string(),
	paidAt: z.string().optional(),
});
export type ProcessorPayment = z.infer<typeof PaymentSchema>;

const RefundSchema = z.object({
	refundId: z.string().regex(ID_PATTERN),
	status: z.enum(["PENDING", "SUCCEEDED"]),
	amount: z.number().int(),
});
const ProblemSchema = z.object({ code: z.string().optional() });

export interface NewPayment {
	reference: string;
	amount: number;
	method: PaymentMethod;
	expiresAt: string;
	description?: string;
}

/** The payment processor (UPG): payment links, status look-ups, voids and refunds. */
export class PaymentProcessorClient {
	constructor(private readonly up: Upstream) {}

	/** Idempotent by booking id: a retried request returns the payment the first one made. */
	async createPayment(input: NewPayment): Promise<ProcessorPayment> {
		const reply = await send(
			this.up,
			"post",
			"payments",
			{ ...input, currency: "IDR" },
			{ "idempotency-key": input.reference },
		);
		if (reply.status === 200 || reply.status === 201) return parseReply(this.up, PaymentSchema, reply.body);
		throw new ApiError(
			"UPSTREAM_INVALID",
			`The payment processor refused the payment link (${reply.status}).`,
		);
	}

	async payment(paymentId: string): Promise<ProcessorPayment> {
		const reply = await send(this.up, "get", `payments/${segment(this.up, paymentId)}`);
		if (reply.status === 200) return parseReply(this.up, PaymentSchema, reply.body);
		throw new ApiError(
			"UPSTREAM_INVALID",
			`The payment processor answered ${reply.status} for payment ${paymentId}.`,
		);
	}

	/** Voids an unpaid link. `already-paid` means the customer paid first: the money must be refunded. */
	async void(paymentId: string): Promise<"voided" | "already-paid"> {
		const reply = await send(this.up, "post", `payments/${segment(this.up, paymentId)}/void`, {});
		if (reply.status === 200) return "voided";
		if (reply.status === 409 && ProblemSchema.safeParse(reply.body).data?.code === "PAYMENT_ALREADY_PAID")
			return "already-paid";
		throw new ApiError("UPSTREAM_INVALID", `The payment processor answered ${reply.status} to a void.`);
	}

	/** Asks for a refund; the processor confirms it later by webhook. Idempotent by key. */
	async refund(
		paymentId: string,
		amount: number,
		key: string,
		reason: string,
	): Promise<{ refundId: string }> {
		const reply = await send(
			this.up,
			"post",
			`payments/${segment(this.up, paymentId)}/refunds`,
			// The processor echoes the reference in the refund's webhook, so it is matched to this refund
			// even when it arrives before this call's answer.
			{ amount, reason, reference: key },
			{ "idempotency-key": key },
		);
		if (reply.status === 200 || reply.status === 201 || reply.status === 202) {
			return parseReply(this.up, RefundSchema, reply.body);
		}
		throw new ApiError("UPSTREAM_INVALID", `The payment processor answered ${reply.status} to a refund.`);
	}
}
