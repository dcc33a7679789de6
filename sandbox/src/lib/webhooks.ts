import { toHex } from "./ids";

/**
 * Signed webhook delivery: `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`,
 * the scheme every caller of the orchestrator uses (payments, partner status, receipts).
 */

const DELIVERY_TIMEOUT_MS = 10_000;
const encoder = new TextEncoder();

export type WebhookTarget = {
	url: string;
	secret: string | undefined;
	/** The variable the secret comes from, named when it is missing. */
	secretName: string;
	/** Which sandbox service sends, for the User-Agent. */
	sender: string;
};

export type DeliveryResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

/** A callback route of the orchestrator (`path` is appended to ORCHESTRATOR_URL). */
export function orchestratorTarget(
	env: Env,
	path: string,
	secret: { name: string; value: string | undefined },
	sender: string,
): WebhookTarget {
	const base = (env.ORCHESTRATOR_URL ?? "http://127.0.0.1:8000").replace(/\/+$/, "");
	return { url: `${base}${path}`, secret: secret.value, secretName: secret.name, sender };
}

export async function signatureHeader(secret: string, body: string, now: Date): Promise<string> {
	const timestamp = Math.floor(now.getTime() / 1000);
	const key = await crypto.subtle.importKey(
		"raw",
		encoder.encode(secret),
		{ name: "HMAC", hash: "SHA-256" },
		false,
		["sign"],
	);
	const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${body}`));
	return `t=${timestamp},v1=${toHex(new Uint8Array(mac))}`;
}

/**
 * POSTs one event body, signed at `now`. Never throws: an unreachable receiver, a timeout or a
 * missing secret is a failed attempt the outbox retries, not a crashed alarm.
 */
export async function deliver(target: WebhookTarget, body: string, now: Date): Promise<DeliveryResult> {
	if (!target.secret) return { ok: false, error: `${target.secretName} is not set` };
	try {
		const response = await fetch(target.url, {
			method: "POST",
			headers: {
				"content-type": "application/json",
				"user-agent": `order-orchestrator-sandbox/${target.sender}`,
				"x-signature": await signatureHeader(target.secret, body, now),
			},
			body,
			signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
		});
		// Drain the body so the connection is released; its content does not matter.
		await response.arrayBuffer().catch(() => undefined);
		if (response.ok) return { ok: true, status: response.status };
		return { ok: false, status: response.status, error: `receiver answered ${response.status}` };
	} catch (error) {
		return { ok: false, error: error instanceof Error ? error.message : String(error) };
	}
}
