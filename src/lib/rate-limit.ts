import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";

/**
 * Unauthenticated routes are limited per client address (Cloudflare's CF-Connecting-IP; locally
 * the runtime sets it too) with a Workers rate limiting binding: a fixed window of `period`
 * seconds, so a refused client is told to come back after at most one window.
 */
export async function limitClient(
	c: Context<AppEnv>,
	limiter: RateLimit,
	scope: string,
	what: string,
	periodSeconds = 60,
): Promise<void> {
	const client = c.req.header("cf-connecting-ip") ?? "unknown";
	const { success } = await limiter.limit({ key: `${scope}:${client}` });
	if (!success) {
		throw new ApiError(
			"RATE_LIMITED",
			`Too many ${what} from this address; try again in ${periodSeconds} seconds.`,
			undefined,
			{ "retry-after": String(periodSeconds) },
		);
	}
}

/** A guest route's limit: GUEST_RATE_LIMITER, 30 requests a minute per address and route. */
export const limitGuests =
	(scope: string, what: string): MiddlewareHandler<AppEnv> =>
	async (c, next) => {
		await limitClient(c, c.env.GUEST_RATE_LIMITER, scope, what);
		await next();
	};
