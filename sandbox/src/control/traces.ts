import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../lib/app-env";
import { ApiError } from "../lib/problem";

/**
 * What the sandbox received, for following a trace across services: every request that came
 * with a `traceparent` or `X-Request-Id` is remembered (method, path, both headers, when) in a
 * ring of the last 5000, per isolate. `GET /control/traces?traceId=<32 hex>` lists the requests
 * of one trace (or all, without the query), oldest first; DELETE forgets them.
 */
export interface ReceivedRequest {
	at: string;
	method: string;
	path: string;
	traceparent?: string;
	requestId?: string;
	traceId?: string;
}

const KEEP = 5_000;
const received: ReceivedRequest[] = [];
const TRACE_ID = /^[0-9a-f]{32}$/;

export const recordTraces: MiddlewareHandler<AppEnv> = async (c, next) => {
	const traceparent = c.req.header("traceparent");
	const requestId = c.req.header("x-request-id");
	if (traceparent !== undefined || requestId !== undefined) {
		const traceId = traceparent?.split("-")[1];
		received.push({
			at: new Date().toISOString(),
			method: c.req.method,
			path: c.req.path,
			...(traceparent === undefined ? {} : { traceparent: traceparent.slice(0, 256) }),
			...(requestId === undefined ? {} : { requestId: requestId.slice(0, 256) }),
			...(traceId && TRACE_ID.test(traceId) ? { traceId } : {}),
		});
		if (received.length > KEEP) received.splice(0, received.length - KEEP);
	}
	await next();
};

export const traceControls = new Hono<AppEnv>()
	.get("/traces", (c) => {
		const traceId = c.req.query("traceId");
		if (traceId !== undefined && !TRACE_ID.test(traceId)) {
			throw new ApiError(400, "VALIDATION_FAILED", "The query is invalid.", [
				{ path: "traceId", message: "Expected 32 lowercase hex digits" },
			]);
		}
		const requests = traceId === undefined ? received : received.filter((r) => r.traceId === traceId);
		return c.json({ requests }, 200);
	})
	.delete("/traces", (c) => {
		received.length = 0;
		return c.json({ requests: [] }, 200);
	});
