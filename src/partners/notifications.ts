import { z } from "zod";
import { ApiError } from "../lib/errors";
import { parseReply, send, type Upstream } from "./upstream";

export interface Message {
	bookingId: string;
	channel: "EMAIL" | "SMS" | "PUSH";
	template: string;
	to: string;
	subject?: string;
	body: string;
}

const Sent = z.object({ messageId: z.string() });

/** The notification service; one key per event and channel, so a redelivered event sends once. */
export class NotificationClient {
	constructor(private readonly up: Upstream) {}

	async send(message: Message, idempotencyKey: string): Promise<string> {
		const reply = await send(this.up, "post", "messages", message, { "idempotency-key": idempotencyKey });
		if (reply.status === 200 || reply.status === 201) return parseReply(this.up, Sent, reply.body).messageId;
		throw new ApiError("UPSTREAM_INVALID", `The notification service answered ${reply.status}.`);
	}
}
