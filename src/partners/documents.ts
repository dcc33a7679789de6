import { z } from "zod";
import { andThen, parsed, type Reply, refused, send, type Upstream } from "./upstream";

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
	clientId: string;
	documentType: string;
	callbackUrl: string;
}

const Accepted = z.object({ documentId: z.string() });

/** The document generator renders receipts and calls CallbackReceipt when one is ready. */
export class DocumentGeneratorClient {
	constructor(private readonly up: Upstream) {}

	/** The id of the document it will render (one per booking: the key is the booking's). */
	requestReceipt(request: ReceiptRequest): Promise<Reply<string>> {
		return andThen(
			send(this.up, "post", "documents", request, { "idempotency-key": `${request.bookingId}:receipt` }),
			(reply) =>
				reply.status >= 200 && reply.status < 300
					? andThen(parsed(this.up, Accepted, reply.body), (accepted) => ({
							ok: true,
							value: accepted.documentId,
						}))
					: refused(this.up, "the receipt", reply),
		);
	}
}
