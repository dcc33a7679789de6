import type { z } from "@hono/zod-openapi";
import { type ErrorCode, errorCatalog } from "../../lib/errors";
import { ProblemSchema } from "./schemas";

/** A JSON response declaration for createRoute. */
export function json<T extends z.ZodType>(schema: T, description: string) {
	return { content: { "application/json": { schema } }, description };
}

/** The problem+json responses a route can give, grouped by status, listing the codes. */
export function problems(...codes: ErrorCode[]) {
	const byStatus = new Map<number, ErrorCode[]>();
	for (const code of [...codes, "VALIDATION_FAILED", "INTERNAL"] as ErrorCode[]) {
		const status = errorCatalog[code].status;
		byStatus.set(status, [...new Set([...(byStatus.get(status) ?? []), code])]);
	}
	return Object.fromEntries(
		[...byStatus].map(([status, list]) => [
			status,
			{
				content: { "application/problem+json": { schema: ProblemSchema } },
				description: list.map((code) => `${code}: ${errorCatalog[code].title}`).join("; "),
			},
		]),
	);
}

export const bearerAuth = [{ bearerAuth: [] }];
/** A token is taken when sent, but guests may call without one. */
export const optionalBearerAuth: Array<Record<string, string[]>> = [{ bearerAuth: [] }, {}];
