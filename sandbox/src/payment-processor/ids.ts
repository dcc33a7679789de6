import { hashHex, randomHex } from "../lib/ids";

export { newEventId } from "../lib/ids";

const PAYMENT_ID = /^pay_[0-9a-f]{32}$/;

/**
 * The payment a create call with this idempotency key makes: the same for every retry, so the
 * payment's row (and the fingerprint claimed with it) is where a reused key is caught.
 */
export const paymentIdFor = async (key: string): Promise<string> => `pay_${await hashHex(`payment\n${key}`)}`;
export const newRefundId = (): string => `rfd_${randomHex(16)}`;

/** Ids we could never have issued are answered without touching a Durable Object. */
export function isPaymentId(value: string): boolean {
	return PAYMENT_ID.test(value);
}
