import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { verifyIdentityToken } from "./auth";
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
	const payload = await verifyIdentityToken(env, token, configOf(env).auth.internalAudience, unauthorized);
	const role = ROLES.find((r) => r === payload.role);
	if (!role) throw unauthorized("The token carries no operator role (viewer or operator).");
	return { id: payload.sub, role };
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
