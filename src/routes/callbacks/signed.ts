import { ApiError } from "../../lib/errors";
import { verify } from "../../lib/signature";

const WHY = {
	MISSING: "The X-Signature header is missing.",
	MALFORMED: "The X-Signature header is malformed.",
	STALE: "The signature timestamp is outside the 300 s tolerance.",
	MISMATCH: "The signature does not match the body.",
} as const;

/** Checks the caller's signature over the raw body before anything is parsed or changed. */
export async function signedJson(
	secret: string | undefined,
	signature: string | undefined,
	raw: string,
): Promise<unknown> {
	if (!secret) throw new Error("a webhook secret is not configured");
	const check = await verify(secret, signature, raw, Math.floor(Date.now() / 1000));
	if (!check.ok) throw new ApiError("SIGNATURE_INVALID", WHY[check.reason]);
	try {
		return JSON.parse(raw);
	} catch {
		throw new ApiError("VALIDATION_FAILED", "The request body is not valid JSON.", [
			{ path: "body", message: "Malformed JSON" },
		]);
	}
}
