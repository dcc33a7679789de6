/**
 * Webhook signatures shared by every caller we accept callbacks from:
 * `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Verification is constant-time (Web Crypto's HMAC verify) with a 300 s tolerance.
 */
const encoder = new TextEncoder();

// Imported once per secret and isolate: a webhook's check is then one HMAC, not an import too.
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
	let key = keys.get(secret);
	if (!key) {
		key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
			"sign",
			"verify",
		]);
		key.catch(() => keys.delete(secret));
		keys.set(secret, key);
	}
	return key;
}

function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | undefined {
	if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return undefined;
	const bytes = new Uint8Array(hex.length / 2);
	for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
	return bytes;
}

export async function sign(secret: string, body: string, timestamp: number): Promise<string> {
	const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${timestamp}.${body}`));
	const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
	return `t=${timestamp},v1=${hex}`;
}

export type SignatureCheck =
	| { ok: true }
	| { ok: false; reason: "MISSING" | "MALFORMED" | "STALE" | "MISMATCH" };

/**
 * The active values of a webhook secret. A variable holds one value, or two separated by a
 * comma while a secret is rotated ("new,old"): both verify until the old one is dropped, so a
 * rotation is one `wrangler secret put` and never rejects a callback in flight.
 */
export function secretValues(value: string | undefined): string[] {
	return (value ?? "")
		.split(",")
		.map((part) => part.trim())
		.filter(Boolean)
		.slice(0, 2);
}

/**
 * Checks `X-Signature` against every active secret of the caller. A header may carry several
 * `v1=` values (a sender that signs with both values while it rotates); any match passes.
 */
export async function verify(
	secrets: string | readonly string[],
	header: string | undefined,
	body: string,
	nowSeconds: number,
	toleranceSeconds = 300,
): Promise<SignatureCheck> {
	if (!header) return { ok: false, reason: "MISSING" };
	let timestamp = Number.NaN;
	const signatures: Uint8Array<ArrayBuffer>[] = [];
	for (const part of header.split(",")) {
		const at = part.indexOf("=");
		const name = part.slice(0, at).trim();
		const value = part.slice(at + 1).trim();
		if (name === "t") timestamp = Number(value);
		if (name === "v1") {
			const bytes = hexToBytes(value);
			if (bytes) signatures.push(bytes);
		}
	}
	if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: "MALFORMED" };
	if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: "STALE" };
	const signed = encoder.encode(`${timestamp}.${body}`);
	for (const secret of typeof secrets === "string" ? [secrets] : secrets) {
		const key = await hmacKey(secret);
		for (const signature of signatures.slice(0, 4)) {
			if (await crypto.subtle.verify("HMAC", key, signature, signed)) return { ok: true };
		}
	}
	return { ok: false, reason: "MISMATCH" };
}
