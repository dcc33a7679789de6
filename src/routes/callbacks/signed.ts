import type { MiddlewareHandler } from "hono";
import { BUSINESS_TYPES } from "../../domain/business";
import type { AppEnv } from "../../lib/app-env";
import { ApiError } from "../../lib/errors";
import { verify } from "../../lib/signature";
import { partnerSecret, type WebhookSecret } from "../../lib/webhook-secrets";

const WHY = {
	MISSING: "The X-Signature header is missing.",
	MALFORMED: "The X-Signature header is malformed.",
	STALE: "The signature timestamp is outside the 300 s tolerance.",
	MISMATCH: "The signature does not match the body.",
} as const;

/**
 * A callback route's guard: the caller's signature is checked over the raw bytes before
 * anything is parsed or changed; then the body goes on to the route's JSON validator as JSON,
 * whatever content type the caller sent (the signature is over bytes, not a media type).
 * `secrets` says whose signature counts: a caller's active values, or several callers'.
 * None configured is an operator error, never a pass.
 */
export function signed(
	secrets: (env: Env, raw: string) => WebhookSecret | readonly WebhookSecret[],
): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		const bytes = await c.req.arrayBuffer();
		const raw = new TextDecoder().decode(bytes);
		const chosen = secrets(c.env, raw);
		const all = Array.isArray(chosen) ? chosen : [chosen as WebhookSecret];
		const values = all.flatMap((secret) => secret.values);
		if (values.length === 0) throw new Error(`${all.map((s) => s.name).join(", ")} is not configured`);
		const check = await verify(values, c.req.header("x-signature"), raw, Math.floor(Date.now() / 1000));
		if (!check.ok) throw new ApiError("SIGNATURE_INVALID", WHY[check.reason]);
		const headers = new Headers(c.req.raw.headers);
		headers.set("content-type", "application/json");
		c.req.raw = new Request(c.req.raw.url, { method: c.req.method, headers, body: bytes });
		await next();
	};
}

/**
 * The partner a status callback claims to come from: its signature must be that partner's.
 * When the body does not say (it is not JSON, or names no partner), any partner's signature
 * lets it through to validation, which then says what is wrong with it.
 */
export function claimedPartner(env: Env, raw: string): WebhookSecret | WebhookSecret[] {
	let claimed: unknown;
	try {
		claimed = (JSON.parse(raw) as { businessType?: unknown } | null)?.businessType;
	} catch {
		claimed = undefined;
	}
	const type = BUSINESS_TYPES.find((t) => t === claimed);
	return type ? partnerSecret(env, type) : BUSINESS_TYPES.map((t) => partnerSecret(env, t));
}
