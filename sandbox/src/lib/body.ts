import type { Context } from "hono";
import type { z } from "zod";
import { ApiError, type FieldError } from "./problem";

/** Dot-joined field path ("details.pickup.lat"); the empty string is the body itself. */
function joinPath(path: readonly PropertyKey[]): string {
	return path.map((segment) => String(segment)).join(".");
}

export function fieldErrors(error: z.ZodError): FieldError[] {
	return error.issues.map((issue) => ({ path: joinPath(issue.path), message: issue.message }));
}

/**
 * Parses the JSON body and validates it. The content type is not checked: callers of a test
 * double should not fail on a missing header, only on a body that is not what the contract says.
 */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
	const text = await c.req.text();
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch {
		throw new ApiError(400, "MALFORMED_JSON", "The request body is not valid JSON.", [
			{ path: "", message: "Expected a JSON document" },
		]);
	}
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		throw new ApiError(400, "VALIDATION_FAILED", "The request body is invalid.", fieldErrors(parsed.error));
	}
	return parsed.data;
}
