import type { MiddlewareHandler } from "hono";
import { createRemoteJWKSet, type JWTPayload, errors as joseErrors, jwtVerify } from "jose";
import type { AppEnv } from "./app-env";
import { configOf } from "./config";
import { ApiError } from "./errors";
import { VerifiedTokens } from "./verified-tokens";

// One remote key set per JWKS URL and isolate: jose caches keys and refetches on an unknown kid.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySet(url: string): ReturnType<typeof createRemoteJWKSet> {
	let set = keySets.get(url);
	if (!set) {
		set = createRemoteJWKSet(new URL(url), { timeoutDuration: 3_000, cooldownDuration: 10_000 });
		keySets.set(url, set);
	}
	return set;
}

// Verifying an ES256 signature is the costliest step of an authenticated request; a customer
// sends many requests with one token, so each token is verified once per isolate.
const verified = new VerifiedTokens();

function unauthorized(detail: string): ApiError {
	return new ApiError("UNAUTHORIZED", detail, undefined, {
		"www-authenticate": 'Bearer realm="order-orchestrator", error="invalid_token"',
	});
}

/**
 * Customer authentication: a Bearer JWT signed by the identity provider (ES256 only, so an
 * `alg: none` or HMAC token signed with the public key is refused), with `exp`, issuer and
 * audience checked. `sub` becomes the customer id.
 */
export const requireCustomer: MiddlewareHandler<AppEnv> = async (c, next) => {
	const header = c.req.header("authorization");
	const token = header?.match(/^Bearer\s+([A-Za-z0-9._~+/=-]+)$/i)?.[1];
	if (!token) throw unauthorized("A Bearer token is required.");
	const { auth } = configOf(c.env);
	const cacheKey = `${auth.jwksUrl} ${auth.issuer} ${auth.audience} ${token}`;
	const known = verified.get(cacheKey, Date.now());
	if (known) {
		c.set("customerId", known);
		return next();
	}
	const payload = await verifyIdentityToken(c.env, token, auth.audience, unauthorized);
	verified.put(cacheKey, payload.sub, payload.exp as number, Date.now());
	c.set("customerId", payload.sub);
	await next();
};

/**
 * Routes guests may use too: a request with an Authorization header is a customer's and is
 * authenticated as such (a bad token is still 401); one without is a guest's, limited per client
 * address by `guestLimit`, and has no customer id.
 */
export const customerOrGuest =
	(guestLimit: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
	(c, next) =>
		c.req.header("authorization") === undefined ? guestLimit(c, next) : requireCustomer(c, next);

/**
 * A JWT from the identity provider, for `audience`: ES256 only, issuer, `exp` and a `sub` of
 * 1-128 characters. Every refusal is `refuse(detail)` (each caller names its own realm); keys
 * that cannot be fetched are 503 UPSTREAM_UNAVAILABLE, never a pass.
 */
export async function verifyIdentityToken(
	env: Env,
	token: string,
	audience: string,
	refuse: (detail: string) => ApiError,
): Promise<JWTPayload & { sub: string }> {
	const { auth } = configOf(env);
	try {
		const { payload } = await jwtVerify(token, keySet(auth.jwksUrl), {
			algorithms: ["ES256"],
			issuer: auth.issuer,
			audience,
			requiredClaims: ["exp", "sub"],
		});
		if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 128) {
			throw refuse("The token's subject is invalid.");
		}
		return payload as JWTPayload & { sub: string };
	} catch (error) {
		if (error instanceof ApiError) throw error;
		if (error instanceof joseErrors.JWKSTimeout || isFetchFailure(error)) {
			throw new ApiError("UPSTREAM_UNAVAILABLE", "The identity provider's keys could not be fetched.");
		}
		if (error instanceof joseErrors.JWTExpired) throw refuse("The token has expired.");
		if (error instanceof joseErrors.JWTClaimValidationFailed) {
			throw refuse(`The token's ${error.claim} claim is not accepted.`);
		}
		throw refuse("The token is not valid.");
	}
}

function isFetchFailure(error: unknown): boolean {
	return (
		error instanceof TypeError || (error instanceof joseErrors.JOSEError && error.code === "ERR_JWKS_INVALID")
	);
}
