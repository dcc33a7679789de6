// End-to-end support: the real `npm start` stack (spawned detached on free ports with a fresh
// state directory, stopped with SIGINT like Ctrl-C) and a small JSON client for its API.
import { type Stack, startStack, stopAllStacks } from "../../scripts/lib/stack.mjs";
import { isPortOpen } from "../../scripts/lib/workers.mjs";

export type { Stack };
export { isPortOpen, stopAllStacks };

/**
 * Starts the stack; E2E_VERBOSE=1 echoes its output. The start-up budget stays well inside the
 * e2e project's hookTimeout, so a stack that never gets healthy is stopped by us, not abandoned.
 */
export function startE2eStack(env: Record<string, string>): Promise<Stack> {
	return startStack({ env, echo: process.env.E2E_VERBOSE === "1", timeoutMs: 120_000 });
}

export interface ApiResponse<T = Record<string, unknown>> {
	status: number;
	contentType: string;
	body: T;
}

/** One JSON request; the body is parsed whatever the status, so problems can be asserted. */
export async function call<T = Record<string, unknown>>(
	base: string,
	method: string,
	path: string,
	{ token, body, headers: extra }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
	const headers: Record<string, string> = { accept: "application/json", ...extra };
	if (token) headers.authorization = `Bearer ${token}`;
	if (body !== undefined) headers["content-type"] = "application/json";
	const response = await fetch(`${base}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(15_000),
	});
	const text = await response.text();
	return {
		status: response.status,
		contentType: response.headers.get("content-type") ?? "",
		body: (text ? JSON.parse(text) : {}) as T,
	};
}

/** A customer token minted by the sandbox's identity provider. */
export async function tokenFor(stack: Stack, sub: string): Promise<string> {
	const { status, body } = await call<{ token: string }>(stack.sandboxUrl, "POST", "/auth/token", {
		body: { sub },
	});
	if (status !== 200 || typeof body.token !== "string") {
		throw new Error(`the sandbox did not mint a token for ${sub}: ${status} ${JSON.stringify(body)}`);
	}
	return body.token;
}

/** An ISO 8601 instant `hoursAhead` from now, written in Jakarta time (+07:00), on the minute. */
export function jakartaTime(hoursAhead: number): string {
	const at = new Date(Date.now() + hoursAhead * 3_600_000 + 7 * 3_600_000);
	at.setUTCSeconds(0, 0);
	return `${at.toISOString().slice(0, 19)}+07:00`;
}
