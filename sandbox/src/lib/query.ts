import type { Context } from "hono";
import { ApiError } from "./problem";

/** A required query parameter such as `?bookingId=`, trimmed; 400 when missing or too long. */
export function requiredQuery(c: Context, name: string, max = 128): string {
	const value = c.req.query(name)?.trim() ?? "";
	if (value.length === 0 || value.length > max) {
		throw new ApiError(400, "VALIDATION_FAILED", "The query is invalid.", [
			{ path: name, message: `Expected ${name} (1 to ${max} characters)` },
		]);
	}
	return value;
}
