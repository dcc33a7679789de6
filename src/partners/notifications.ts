import { z } from "zod";
import { andThen, parsed, type Reply, refused, send, type Upstream } from "./upstream";

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

	send(message: Message, idempotencyKey: string): Promise<Reply<string>> {
		return andThen(
			send(this.up, "post", "messages", message, { "idempotency-key": idempotencyKey }),
			(reply) =>
				reply.status === 200 || reply.status === 201
					? andThen(parsed(this.up, Sent, reply.body), (sent) => ({ ok: true, value: sent.messageId }))
					: refused(this.up, "a message", reply),
		);
	}
}
