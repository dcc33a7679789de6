const PAYMENT_ID = /^pay_[0-9a-f]{32}$/;

function randomHex(bytes: number): string {
	const buffer = crypto.getRandomValues(new Uint8Array(bytes));
	return Array.from(buffer, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export const newPaymentId = (): string => `pay_${randomHex(16)}`;
export const newRefundId = (): string => `rfd_${randomHex(16)}`;
export const newEventId = (): string => `evt_${randomHex(16)}`;

/** Ids we could never have issued are answered without touching a Durable Object. */
export function isPaymentId(value: string): boolean {
	return PAYMENT_ID.test(value);
}
