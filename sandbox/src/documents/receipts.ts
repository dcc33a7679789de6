import { z } from "zod";
import { isZone } from "../geo/zones";

const MAX_AMOUNT = 1_000_000_000_000;
const Amount = z.number().int().min(-MAX_AMOUNT).max(MAX_AMOUNT);

function isTimeZone(value: string): boolean {
	if (isZone(value)) return true;
	try {
		new Intl.DateTimeFormat("en-GB", { timeZone: value });
		return true;
	} catch {
		return false;
	}
}

export const CreateDocumentBody = z.object({
	bookingId: z.string().trim().min(1).max(128),
	type: z.literal("RECEIPT"),
	title: z.string().trim().min(1).max(200),
	// Amounts are integer IDR; a discount line is negative.
	lines: z
		.array(z.object({ label: z.string().trim().min(1).max(200), amount: Amount }))
		.min(1)
		.max(50),
	total: Amount.min(0),
	currency: z.literal("IDR"),
	issuedAt: z.iso.datetime({ offset: true }),
	timeZone: z
		.string()
		.trim()
		.min(1)
		.max(64)
		.refine(isTimeZone, "Expected WIB, WITA, WIT or an IANA time zone"),
	customer: z.object({ name: z.string().trim().min(1).max(200), email: z.email().max(320) }),
	// The seed's DOCUMENT_GENERATOR_CLIENT_ID, _PDF_DOCUMENT_TYPE and _CALLBACK_URL: who asks, which
	// template, and where the receipt callback goes.
	clientId: z.string().trim().min(1).max(128),
	documentType: z
		.string()
		.trim()
		.regex(/^[A-Z][A-Z0-9_]{0,63}$/, "Expected a document type like ORDER_RECEIPT"),
	callbackUrl: z.url().max(2048),
});
export type CreateDocumentBody = z.infer<typeof CreateDocumentBody>;

export type DocumentStatus = "PENDING" | "READY";

/** A document as the generator holds it; `url` and `sizeBytes` once it is rendered. */
export type DocumentRecord = {
	documentId: string;
	bookingId: string;
	type: "RECEIPT";
	title: string;
	status: DocumentStatus;
	url?: string;
	sizeBytes?: number;
	createdAt: string;
	readyAt?: string;
};

/** The CallbackReceipt body the orchestrator receives once the PDF is ready. */
export type ReceiptCallback = {
	id: string;
	documentId: string;
	bookingId: string;
	url: string;
	occurredAt: string;
};
