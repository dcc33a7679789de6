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

export async function verify(
	secret: string,
	header: string | undefined,
	body: string,
	nowSeconds: number,
	toleranceSeconds = 300,
): Promise<SignatureCheck> {
	if (!header) return { ok: false, reason: "MISSING" };
	const parts = new Map(
		header.split(",").map((part) => {
			const at = part.indexOf("=");
			return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
		}),
	);
	const timestamp = Number(parts.get("t"));
	const signature = hexToBytes(parts.get("v1") ?? "");
	if (!Number.isInteger(timestamp) || !signature) return { ok: false, reason: "MALFORMED" };
	if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return { ok: false, reason: "STALE" };
	const valid = await crypto.subtle.verify(
		"HMAC",
		await hmacKey(secret),
		signature,
		encoder.encode(`${timestamp}.${body}`),
	);
	return valid ? { ok: true } : { ok: false, reason: "MISMATCH" };
}
