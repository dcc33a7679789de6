import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./app-env";
import { ApiError } from "./errors";

async function digest(text: string): Promise<Uint8Array> {
	return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Compares fixed-length digests in constant time, so timing says nothing about the token. */
export async function sameSecret(a: string, b: string): Promise<boolean> {
	const [x, y] = await Promise.all([digest(a), digest(b)]);
	let diff = 0;
	for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
	return diff === 0;
}

/** Internal routes: `Authorization: Bearer <INTERNAL_SERVICE_TOKEN>`. */
export const requireService: MiddlewareHandler<AppEnv> = async (c, next) => {
	const expected = c.env.INTERNAL_SERVICE_TOKEN;
	const token = c.req.header("authorization")?.match(/^Bearer\s+(\S+)$/i)?.[1];
	if (!expected || !token || !(await sameSecret(token, expected))) {
		throw new ApiError("UNAUTHORIZED", "A service token is required.", undefined, {
			"www-authenticate": 'Bearer realm="order-orchestrator-internal"',
		});
	}
	await next();
};
