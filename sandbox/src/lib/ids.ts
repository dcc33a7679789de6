const encoder = new TextEncoder();

export function toHex(bytes: Uint8Array): string {
	return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function randomHex(bytes: number): string {
	return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

/**
 * The first `bytes` bytes of SHA-256(text), in hex. Ids derived from an idempotency key this
 * way route every retry of a request to the same Durable Object, with no separate key index
 * that a crash could leave half written.
 */
export async function hashHex(text: string, bytes = 16): Promise<string> {
	const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
	return toHex(new Uint8Array(digest).slice(0, bytes));
}

export const newEventId = (): string => `evt_${randomHex(16)}`;
