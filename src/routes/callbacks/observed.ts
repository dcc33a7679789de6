import type { MiddlewareHandler } from "hono";
import { historyRepository } from "../../db";
import type { AppEnv } from "../../lib/app-env";
import { ID_PATTERN } from "../../lib/ids";
import { log } from "../../lib/log";
import { metric } from "../../lib/metrics";

export type WebhookKind = "payment" | "partner" | "receipt";

/** What a callback says about itself, when its body is JSON: ids and names only. */
interface Claimed {
	bookingId?: string;
	eventId?: string;
	/** The payment event type, or the partner status. */
	what?: string;
	businessType?: string;
	itemId?: string;
}

function claimed(kind: WebhookKind, raw: string): Claimed {
	const id = (value: unknown) => (typeof value === "string" && ID_PATTERN.test(value) ? value : undefined);
	try {
		const body = JSON.parse(raw) as Record<string, unknown> | null;
		if (!body || typeof body !== "object") return {};
		const data = (body.data ?? {}) as Record<string, unknown>;
		const out: Claimed = {
			bookingId: id(kind === "payment" ? data.reference : body.bookingId),
			eventId: id(body.id),
			what: id(kind === "payment" ? body.type : kind === "partner" ? body.status : "receipt.ready"),
			businessType: kind === "partner" ? id(body.businessType) : undefined,
			itemId: kind === "partner" ? id(body.itemId) : undefined,
		};
		return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Claimed;
	} catch {
		return {};
	}
}

const SENDER: Record<WebhookKind, string> = {
	payment: "Processor",
	partner: "Partner",
	receipt: "Document generator",
};

/** The timeline's sentence for one webhook as it was answered. */
function sentence(
	kind: WebhookKind,
	said: Claimed,
	result: string,
	code?: unknown,
	reason?: unknown,
): string {
	const who = kind === "partner" && said.businessType ? `Partner ${said.businessType}` : SENDER[kind];
	const what = `${who} webhook ${said.what ?? ""}`.trim() + (said.itemId ? ` for item ${said.itemId}` : "");
	if (result === "applied") return `${what} applied.`;
	if (result === "duplicate") return `${what} was a repeat; nothing changed.`;
	return `${what} rejected: ${String(code ?? "")}${reason ? ` (${String(reason)})` : ""}.`;
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
		const said = claimed(kind, raw);
		let problem: { code?: unknown; detail?: unknown } = {};
		if (status >= 400) {
			result = "rejected";
			problem = (await c.res
				.clone()
				.json()
				.catch(() => ({}))) as { code?: unknown; detail?: unknown };
			log("warn", "webhook.rejected", {
				kind,
				...(said.bookingId ? { bookingId: said.bookingId } : {}),
				status,
				code: problem.code,
				reason: problem.detail,
			});
		}
		metric(c.env, "webhook", { labels: [kind, result, String(status)], values: { ms } });
		// The booking's timeline keeps the webhook as answered, off the ack's path; an unsigned
		// caller (401) is only logged: nobody may write to the history without a valid signature.
		if (said.bookingId && status !== 401) {
			const bookingId = said.bookingId;
			const at = new Date().toISOString();
			const entry = {
				id: `wh:${said.eventId ?? crypto.randomUUID()}:${result}:${status}`,
				bookingId,
				at,
				kind: "webhook" as const,
				actor:
					kind === "payment"
						? "processor"
						: kind === "partner"
							? `partner:${said.businessType ?? "?"}`
							: "system",
				summary: sentence(kind, said, result, problem.code, problem.detail),
				data: { ...said, result, status, ...(problem.code ? { code: problem.code } : {}) },
			};
			const write = historyRepository(c.env)
				.recordTimeline([entry])
				.catch((error) => log("warn", "timeline entry not written", { bookingId, error: String(error) }));
			try {
				c.executionCtx.waitUntil(write);
			} catch {
				await write;
			}
		}
	};
}
