import type { MiddlewareHandler } from "hono";
import { errors as joseErrors, jwtVerify } from "jose";
import type { AppEnv } from "./app-env";
import { keySet } from "./auth";
import { configOf } from "./config";
import { ApiError } from "./errors";
import { sameSecret } from "./service-auth";

/**
 * Who may use /internal/*: the static service token (full rights, the actor `service-token`) or
 * an operator JWT from the identity provider: ES256, the internal audience, `exp` and `sub`, and
 * a `role` claim, `viewer` (read) or `operator` (read and act). Customer tokens (another
 * audience) and guest tokens (HS256) never pass.
 */
export type OperatorRole = "viewer" | "operator";
export interface Actor {
	/** The operator's `sub`, or `service-token`. */
	id: string;
	role: OperatorRole;
}

const ROLES: readonly OperatorRole[] = ["viewer", "operator"];

function unauthorized(detail: string): ApiError {
	return new ApiError("UNAUTHORIZED", detail, undefined, {
		"www-authenticate": 'Bearer realm="order-orchestrator-internal"',
	});
}

async function actorOf(env: Env, token: string): Promise<Actor> {
	const expected = env.INTERNAL_SERVICE_TOKEN;
	if (expected && (await sameSecret(token, expected))) return { id: "service-token", role: "operator" };
	if (token.split(".").length !== 3) throw unauthorized("A service token or an operator token is required.");
	const { auth } = configOf(env);
	try {
		const { payload } = await jwtVerify(token, keySet(auth.jwksUrl), {
			algorithms: ["ES256"],
			issuer: auth.issuer,
			audience: auth.internalAudience,
			requiredClaims: ["exp", "sub"],
		});
		const role = ROLES.find((r) => r === payload.role);
		if (!role) throw unauthorized("The token carries no operator role (viewer or operator).");
		if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 128) {
			throw unauthorized("The token's subject is invalid.");
		}
		return { id: payload.sub, role };
	} catch (error) {
		if (error instanceof ApiError) throw error;
		if (error instanceof joseErrors.JWKSTimeout || error instanceof TypeError) {
			throw new ApiError("UPSTREAM_UNAVAILABLE", "The identity provider's keys could not be fetched.");
		}
		if (error instanceof joseErrors.JWTExpired) throw unauthorized("The token has expired.");
		if (error instanceof joseErrors.JWTClaimValidationFailed) {
			throw unauthorized(`The token's ${error.claim} claim is not accepted here.`);
		}
		throw unauthorized("The token is not valid.");
	}
}

/** Internal routes: `role` is what the route needs (`viewer` reads, `operator` acts). */
export function requireInternal(role: OperatorRole): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		const token = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
		if (!token) throw unauthorized("A service token or an operator token is required.");
		const actor = await actorOf(c.env, token);
		if (role === "operator" && actor.role !== "operator") {
			throw new ApiError("FORBIDDEN", "This token may read, not act: an operator role is required.");
		}
		c.set("actor", actor);
		await next();
	};
}
