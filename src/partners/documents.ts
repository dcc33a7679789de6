import { z } from "zod";
import { ApiError } from "../lib/errors";
import { parseReply, send, type Upstream } from "./upstream";

export interface ReceiptRequest {
	bookingId: string;
	type: "RECEIPT";
	title: string;
	lines: Array<{ label: string; amount: number }>;
	total: number;
	currency: "IDR";
	issuedAt: string;
	timeZone: string;
	customer: { name: string; email: string };
}

const Accepted = z.object({ documentId: z.string() });

/** The document generator renders receipts and calls CallbackReceipt when one is ready. */
export class DocumentGeneratorClient {
	constructor(private readonly up: Upstream) {}

	async requestReceipt(request: ReceiptRequest): Promise<string> {
		const reply = await send(this.up, "post", "documents", request, {
			"idempotency-key": `${request.bookingId}:receipt`,
		});
		if (reply.status >= 200 && reply.status < 300)
			return parseReply(this.up, Accepted, reply.body).documentId;
		throw new ApiError("UPSTREAM_INVALID", `The document generator answered ${reply.status}.`);
	}
}
