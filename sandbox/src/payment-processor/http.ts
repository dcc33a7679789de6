import { ApiError } from "../lib/problem";
import { isPaymentId } from "./ids";
import { PAYMENTS_INSTANCE } from "./payment-do";
import { type Payment, type PaymentView, refundedAmount } from "./payments";

export { idempotencyKey } from "../lib/idempotency";

/** Helpers the processor's API and the sandbox's control routes share. */

export function paymentNotFound(paymentId: string): ApiError {
	return new ApiError(404, "PAYMENT_NOT_FOUND", `Payment ${paymentId} does not exist.`);
}

/** The DO that holds every payment. */
export function paymentsStub(env: Env) {
	return env.PAYMENTS.getByName(PAYMENTS_INSTANCE);
}

/** The DO holding the payment; an id we could never have issued is answered without it. */
export function paymentStub(env: Env, paymentId: string) {
	if (!isPaymentId(paymentId)) throw paymentNotFound(paymentId);
	return paymentsStub(env);
}

export async function readPayment(env: Env, paymentId: string): Promise<PaymentView> {
	const payment = await paymentStub(env, paymentId).read(paymentId);
	if (!payment) throw paymentNotFound(paymentId);
	return payment;
}

/** The payment without its refunds and events: what creating it answers. */
export function summary(view: PaymentView): Payment {
	const { refunds: _refunds, events: _events, deliveries: _deliveries, ...payment } = view;
	return payment;
}

export function alreadyPaid(payment: PaymentView): ApiError {
	return new ApiError(
		409,
		"PAYMENT_ALREADY_PAID",
		`Payment ${payment.paymentId} is already PAID; refund it instead of voiding it.`,
		undefined,
		{ payment },
	);
}

export function paymentFinal(payment: PaymentView, outcome: string): ApiError {
	return new ApiError(
		409,
		"PAYMENT_FINAL",
		`Payment ${payment.paymentId} is already ${payment.status}; it cannot become ${outcome}.`,
		undefined,
		{ payment },
	);
}

export function notPaid(payment: PaymentView): ApiError {
	return new ApiError(
		409,
		"PAYMENT_NOT_PAID",
		`Payment ${payment.paymentId} is ${payment.status}; only a PAID payment can be refunded.`,
		undefined,
		{ payment },
	);
}

export function refundExceeds(payment: PaymentView, amount: number): ApiError {
	const refunded = refundedAmount(payment.refunds);
	return new ApiError(
		409,
		"REFUND_EXCEEDS_PAYMENT",
		`A refund of ${amount} would exceed payment ${payment.paymentId}: ${refunded} of ${payment.amount} is already refunded.`,
		undefined,
		{ payment },
	);
}
