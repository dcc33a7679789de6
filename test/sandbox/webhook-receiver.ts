import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";

/** A webhook body as the payment processor sends it. */
export type WebhookEventBody = {
	id: string;
	type: string;
	createdAt: string;
	data: { paymentId: string; status: string; refund?: { refundId: string; amount: number; status: string } };
};

/** One request the receiver got, with what it answered. */
export type ReceivedWebhook<E = WebhookEventBody> = {
	receivedAt: number;
	path: string;
	signature: string;
	contentType: string;
	rawBody: string;
	event: E;
	answered: number;
};

/** A refusal "status" that drops the connection without answering, as if the receiver were down. */
export const DROP_CONNECTION = 0;

/**
 * Requests are grouped by a key taken from the body: the payment id for payment webhooks, or
 * whatever `keyOf` picks (a partnerRef, a documentId) for other callbacks.
 */
export type WebhookReceiver<E = WebhookEventBody> = {
	/** What to give the sandbox as ORCHESTRATOR_URL. */
	url: string;
	/** Every request for one key, in arrival order (refused ones included). */
	requestsFor(key: string): ReceivedWebhook<E>[];
	/** Answers the next `count` requests for this key with `status` (or drops them) instead of 200. */
	refuseNext(key: string, count: number, status?: number): void;
	/** Resolves once `count` requests for the key arrived; fails after `timeoutMs`. */
	waitFor(key: string, count: number, timeoutMs?: number): Promise<ReceivedWebhook<E>[]>;
	close(): Promise<void>;
};

const paymentIdOf = (event: unknown): string => (event as WebhookEventBody).data?.paymentId ?? "";

function label(event: unknown): string {
	const { type, status } = event as { type?: string; status?: string };
	return type ?? status ?? "?";
}

function readBody(request: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on("data", (chunk: Buffer) => chunks.push(chunk));
		request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
		request.on("error", reject);
	});
}

/** Starts a plain Node HTTP server on 127.0.0.1 that records every webhook it receives. */
export async function startWebhookReceiver<E = WebhookEventBody>(
	keyOf: (event: E) => string = paymentIdOf,
): Promise<WebhookReceiver<E>> {
	const received: ReceivedWebhook<E>[] = [];
	const refusals = new Map<string, { count: number; status: number }>();

	const server = createServer(async (request, response) => {
		const rawBody = await readBody(request);
		let event: E;
		try {
			event = JSON.parse(rawBody) as E;
		} catch {
			response.writeHead(400).end();
			return;
		}
		const refusal = refusals.get(keyOf(event));
		let answered = 200;
		if (refusal && refusal.count > 0) {
			refusal.count -= 1;
			answered = refusal.status;
		}
		received.push({
			receivedAt: Date.now(),
			path: request.url ?? "",
			signature: String(request.headers["x-signature"] ?? ""),
			contentType: String(request.headers["content-type"] ?? ""),
			rawBody,
			event,
			answered,
		});
		if (answered === DROP_CONNECTION) {
			request.socket.destroy();
			return;
		}
		response.writeHead(answered, { "content-type": "application/json" }).end('{"received":true}');
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const address = server.address();
	const port = typeof address === "object" && address ? address.port : 0;

	const requestsFor = (key: string) => received.filter((r) => keyOf(r.event) === key);
	return {
		url: `http://127.0.0.1:${port}`,
		requestsFor,
		refuseNext(key, count, status = 500) {
			refusals.set(key, { count, status });
		},
		async waitFor(key, count, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			while (Date.now() < deadline) {
				const requests = requestsFor(key);
				if (requests.length >= count) return requests;
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
			const got = requestsFor(key).map((r) => `${label(r.event)} -> ${r.answered}`);
			throw new Error(`expected ${count} webhooks for ${key} within ${timeoutMs} ms, got [${got}]`);
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** Parses `t=<unix seconds>,v1=<hex>`; null when the header does not have that shape. */
export function parseSignature(header: string): { timestamp: number; v1: string } | null {
	const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
	return match ? { timestamp: Number(match[1]), v1: match[2] ?? "" } : null;
}

/** Checks the header the way the orchestrator must: HMAC-SHA256 over "<t>.<raw body>". */
export function signatureMatches(header: string, rawBody: string, secret: string): boolean {
	const parsed = parseSignature(header);
	if (!parsed) return false;
	const expected = createHmac("sha256", secret).update(`${parsed.timestamp}.${rawBody}`).digest();
	const given = Buffer.from(parsed.v1, "hex");
	return given.length === expected.length && timingSafeEqual(given, expected);
}
