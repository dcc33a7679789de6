import { z } from "zod";
import type { PaymentMethod } from "../domain/payment-methods";
import { ID_PATTERN } from "../lib/ids";
import { andThen, fault, ok, parsed, type Reply, refused, segment, send, type Upstream } from "./upstream";

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
	/** How long the processor's checkout session (its payment page) stays open. */
	checkoutTimeoutSeconds?: number;
	/** The shop's page the processor's payment page links back to (guest orders). */
	returnUrl?: string;
}

/** The payment processor (UPG): payment links, status look-ups, voids and refunds. */
export class PaymentProcessorClient {
	constructor(private readonly up: Upstream) {}

	/** Idempotent by booking id: a retried request returns the payment the first one made. */
	createPayment(input: NewPayment): Promise<Reply<ProcessorPayment>> {
		return andThen(
			send(
				this.up,
				"post",
				"payments",
				{ ...input, currency: "IDR" },
				{ "idempotency-key": input.reference },
			),
			(reply) =>
				reply.status === 200 || reply.status === 201
					? parsed(this.up, PaymentSchema, reply.body)
					: refused(this.up, "the payment link", reply),
		);
	}

	payment(paymentId: string): Promise<Reply<ProcessorPayment>> {
		const id = segment(paymentId);
		if (!id) return Promise.resolve(fault("rejected", `Payment id ${paymentId} is not an id.`));
		return andThen(send(this.up, "get", `payments/${id}`), (reply) =>
			reply.status === 200
				? parsed(this.up, PaymentSchema, reply.body)
				: refused(this.up, `payment ${id}`, reply),
		);
	}

	/** Voids an unpaid link. `already-paid` means the customer paid first: the money must be refunded. */
	void(paymentId: string): Promise<Reply<"voided" | "already-paid">> {
		const id = segment(paymentId);
		if (!id) return Promise.resolve(fault("rejected", `Payment id ${paymentId} is not an id.`));
		return andThen(send(this.up, "post", `payments/${id}/void`, {}), (reply) => {
			if (reply.status === 200) return ok("voided" as const);
			if (reply.status === 409 && ProblemSchema.safeParse(reply.body).data?.code === "PAYMENT_ALREADY_PAID")
				return ok("already-paid" as const);
			return refused(this.up, "a void", reply);
		});
	}

	/** Asks for a refund; the processor confirms it later by webhook. Idempotent by key. */
	refund(
		paymentId: string,
		amount: number,
		key: string,
		reason: string,
	): Promise<Reply<{ refundId: string }>> {
		const id = segment(paymentId);
		if (!id) return Promise.resolve(fault("rejected", `Payment id ${paymentId} is not an id.`));
		return andThen(
			send(
				this.up,
				"post",
				`payments/${id}/refunds`,
				// The processor echoes the reference in the refund's webhook, so it is matched to this refund
				// even when it arrives before this call's answer.
				{ amount, reason, reference: key },
				{ "idempotency-key": key },
			),
			(reply) =>
				reply.status >= 200 && reply.status < 300
					? parsed(this.up, RefundSchema, reply.body)
					: refused(this.up, "a refund", reply),
		);
	}
}
