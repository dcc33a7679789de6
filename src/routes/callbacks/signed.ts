import { ApiError } from "../../lib/errors";
import { verify } from "../../lib/signature";
import type { WebhookSecret } from "../../lib/webhook-secrets";

const WHY = {
	MISSING: "The X-Signature header is missing.",
	MALFORMED: "The X-Signature header is malformed.",
	STALE: "The signature timestamp is outside the 300 s tolerance.",
	MISMATCH: "The signature does not match the body.",
} as const;

/**
 * Checks the caller's signature over the raw body before anything is parsed or changed. Any of
 * `secrets` may have signed it (a caller's active values, or several callers'); none configured
 * is an operator error, never a pass.
 */
export async function signedJson(
	secrets: WebhookSecret | readonly WebhookSecret[],
	signature: string | undefined,
	raw: string,
): Promise<unknown> {
	const all = Array.isArray(secrets) ? secrets : [secrets as WebhookSecret];
	const values = all.flatMap((secret) => secret.values);
	if (values.length === 0) throw new Error(`${all.map((s) => s.name).join(", ")} is not configured`);
	const check = await verify(values, signature, raw, Math.floor(Date.now() / 1000));
	if (!check.ok) throw new ApiError("SIGNATURE_INVALID", WHY[check.reason]);
	return parseJson(raw);
}

export function parseJson(raw: string): unknown {
	try {
		return JSON.parse(raw);
	} catch {
		throw new ApiError("VALIDATION_FAILED", "The request body is not valid JSON.", [
			{ path: "body", message: "Malformed JSON" },
		]);
	}
}
