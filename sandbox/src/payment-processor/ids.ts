import { randomHex } from "../lib/ids";

export { newEventId } from "../lib/ids";

const PAYMENT_ID = /^pay_[0-9a-f]{32}$/;

export const newPaymentId = (): string => `pay_${randomHex(16)}`;
export const newRefundId = (): string => `rfd_${randomHex(16)}`;

/** Ids we could never have issued are answered without touching a Durable Object. */
export function isPaymentId(value: string): boolean {
	return PAYMENT_ID.test(value);
}
