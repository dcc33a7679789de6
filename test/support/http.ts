import { expect } from "vitest";

/** A parsed response: status, content type and JSON body (or raw text when it is not JSON). */
export type JsonResponse = { status: number; contentType: string | null; headers: Headers; body: unknown };

async function parse(response: Response): Promise<JsonResponse> {
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// Leave non-JSON bodies as text so a failing assertion shows them.
	}
	return {
		status: response.status,
		contentType: response.headers.get("content-type"),
		headers: response.headers,
		body,
	};
}

export async function getJson(url: string): Promise<JsonResponse> {
	return parse(await fetch(url));
}

/** POSTs `body` as JSON; a string is sent as-is, to test malformed documents. */
export async function postJson(
	url: string,
	body: unknown,
	headers: Record<string, string> = {},
): Promise<JsonResponse> {
	const payload = typeof body === "string" ? body : JSON.stringify(body);
	return parse(
		await fetch(url, {
			method: "POST",
			headers: { "content-type": "application/json", ...headers },
			body: payload,
		}),
	);
}

/** Matches one problem+json field error by its path, whatever zod's wording. */
export function fieldError(path: string): { path: string; message: unknown } {
	return { path, message: expect.any(String) };
}

/** The whole problem+json body of a 400 for an invalid body. */
export function validationProblem(paths: string[]): Record<string, unknown> {
	return {
		type: "/problems/validation-failed",
		title: "Validation failed",
		status: 400,
		detail: "The request body is invalid.",
		code: "VALIDATION_FAILED",
		errors: paths.map(fieldError),
	};
}
