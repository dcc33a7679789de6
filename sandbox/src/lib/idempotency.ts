import type { Context } from "hono";
import type { AppEnv } from "./app-env";
import { ApiError } from "./problem";

const MAX_KEY_LENGTH = 255;

/** The `Idempotency-Key` header every creating POST requires. */
export function idempotencyKey(c: Context<AppEnv>): string {
	const key = c.req.header("idempotency-key")?.trim() ?? "";
	if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
		throw new ApiError(
			400,
			"IDEMPOTENCY_KEY_REQUIRED",
			`The Idempotency-Key header is required (1 to ${MAX_KEY_LENGTH} characters).`,
		);
	}
	return key;
}
