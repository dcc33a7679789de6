import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../lib/app-env";
import { ID_PATTERN } from "../../lib/ids";
import { log } from "../../lib/log";
import { metric } from "../../lib/metrics";

export type WebhookKind = "payment" | "partner" | "receipt";

/** The booking a callback names, when its body is JSON naming one by a well-formed id. */
function bookingIdOf(kind: WebhookKind, raw: string): string | undefined {
	try {
		const body = JSON.parse(raw) as { bookingId?: unknown; data?: { reference?: unknown } } | null;
		const id = kind === "payment" ? body?.data?.reference : body?.bookingId;
		return typeof id === "string" && ID_PATTERN.test(id) ? id : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Wraps a callback route (outside its signature check and validation): every refusal is a
 * `webhook.rejected` line with its code and reason, and every callback a `webhook` data point
 * (ack latency, result: applied, duplicate or rejected). Handlers say "duplicate" through the
 * context; nothing of the body but the booking id is logged.
 */
export function observed(kind: WebhookKind): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		const started = performance.now();
		const raw = new TextDecoder().decode(await c.req.arrayBuffer());
		await next();
		const ms = Math.round((performance.now() - started) * 10) / 10;
		const status = c.res.status;
		let result: string = c.get("webhookResult") ?? "applied";
		if (status >= 400) {
			result = "rejected";
			const problem = (await c.res
				.clone()
				.json()
				.catch(() => ({}))) as { code?: unknown; detail?: unknown };
			const bookingId = bookingIdOf(kind, raw);
			log("warn", "webhook.rejected", {
				kind,
				...(bookingId ? { bookingId } : {}),
				status,
				code: problem.code,
				reason: problem.detail,
			});
		}
		metric(c.env, "webhook", { labels: [kind, result, String(status)], values: { ms } });
	};
}
