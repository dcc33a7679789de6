import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson, validationProblem } from "../support/http";
import {
	DOCUMENT_WEBHOOK_SECRET,
	PARTNER_WEBHOOK_SECRET,
	type RunningSandbox,
	startSandbox,
} from "../support/stack";
import { EVENT_ID, ISO_INSTANT } from "./payment-fixtures";
import { signatureMatches, startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

type ReceiptCallback = { id: string; documentId: string; bookingId: string; url: string; occurredAt: string };

const DOCUMENT_ID = /^doc_[0-9a-f]{32}$/;

let sandbox: RunningSandbox;
let receiver: WebhookReceiver<ReceiptCallback>;

beforeAll(async () => {
	receiver = await startWebhookReceiver<ReceiptCallback>((event) => event.documentId);
	sandbox = await startSandbox({ orchestratorUrl: receiver.url, vars: { DOCUMENT_RENDER_DELAY: "500ms" } });
});
afterAll(async () => {
	await sandbox?.stop();
	await receiver?.close();
});

function receipt(bookingId: string, overrides: Record<string, unknown> = {}) {
	return {
		bookingId,
		type: "RECEIPT",
		title: "Order Orchestrator receipt",
		lines: [
			{ label: "Taxi Monas → Blok M", amount: 85_000 },
			{ label: "Service fee", amount: 2_500 },
			{ label: "Promo HEMAT10", amount: -8_500 },
		],
		total: 79_000,
		currency: "IDR",
		issuedAt: "2026-11-26T07:05:00.000Z",
		timeZone: "WITA",
		customer: { name: "Ayu Lestari", email: "ayu@example.com" },
		clientId: "order-orchestrator",
		documentType: "ORDER_RECEIPT",
		callbackUrl: `${receiver.url}/v1/callbacks/receipt`,
		...overrides,
	};
}

const create = (body: unknown, key: string) =>
	postJson(`${sandbox.url}/documents`, body, { "idempotency-key": key });

describe("rendering a receipt", () => {
	it("accepts it PENDING, renders a PDF, and calls back signed once it is READY", async () => {
		const bookingId = `bkg_${randomUUID()}`;
		const key = `${bookingId}:receipt`;
		const accepted = await create(receipt(bookingId), key);
		expect(accepted.status).toBe(202);
		const documentId = (accepted.body as { documentId: string }).documentId;
		expect(documentId).toMatch(DOCUMENT_ID);
		expect(accepted.body).toEqual({ documentId, status: "PENDING" });
		const early = await fetch(`${sandbox.url}/documents/${documentId}.pdf`);
		expect(early.status).toBe(409);
		expect((await early.json()) as unknown).toMatchObject({ code: "DOCUMENT_NOT_READY" });

		const [callback] = await receiver.waitFor(documentId, 1, 8_000);
		const pdfUrl = `${sandbox.url}/documents/${documentId}.pdf`;
		expect(callback?.path).toBe("/v1/callbacks/receipt");
		expect(callback?.event).toEqual({
			id: expect.stringMatching(EVENT_ID),
			documentId,
			bookingId,
			url: pdfUrl,
			occurredAt: expect.stringMatching(ISO_INSTANT),
		});
		expect(
			signatureMatches(callback?.signature ?? "", callback?.rawBody ?? "", DOCUMENT_WEBHOOK_SECRET),
		).toBe(true);
		expect(signatureMatches(callback?.signature ?? "", callback?.rawBody ?? "", PARTNER_WEBHOOK_SECRET)).toBe(
			false,
		);

		const pdf = await fetch(pdfUrl);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get("content-type")).toBe("application/pdf");
		const bytes = Buffer.from(await pdf.arrayBuffer());
		expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
		expect(bytes.length).toBeLessThan(10_000);

		const status = await getJson(`${sandbox.url}/documents/${documentId}`);
		expect(status.body).toEqual({
			documentId,
			bookingId,
			type: "RECEIPT",
			title: "Order Orchestrator receipt",
			status: "READY",
			url: pdfUrl,
			sizeBytes: bytes.length,
			createdAt: expect.stringMatching(ISO_INSTANT),
			readyAt: expect.stringMatching(ISO_INSTANT),
			deliveries: [
				{
					eventId: callback?.event.id,
					state: "DELIVERED",
					attempts: 1,
					lastStatus: 200,
					deliveredAt: expect.any(String),
				},
			],
		});

		// The same key is the same document, now ready.
		const again = await create(receipt(bookingId), key);
		expect(again.status).toBe(200);
		expect(again.body).toEqual({ documentId, status: "READY", url: pdfUrl });
	});

	it("retries the callback until the orchestrator accepts it", async () => {
		const bookingId = `bkg_${randomUUID()}`;
		const accepted = await create(receipt(bookingId, { timeZone: "Asia/Jayapura" }), `${bookingId}:receipt`);
		const documentId = (accepted.body as { documentId: string }).documentId;
		receiver.refuseNext(documentId, 1, 500);
		const requests = await receiver.waitFor(documentId, 2, 8_000);
		expect(requests.map((r) => r.answered)).toEqual([500, 200]);
		expect(requests[1]?.rawBody).toBe(requests[0]?.rawBody);
	});

	it("refuses an invalid request and answers 404 for an unknown document", async () => {
		const invalid = await create(receipt("bkg_1", { currency: "USD", timeZone: "Mars/Olympus" }), "k");
		expect(invalid.status).toBe(400);
		expect(invalid.body).toEqual(validationProblem(["currency", "timeZone"]));

		// The seed's client id, document type and callback URL are checked too.
		const bare = await create(
			receipt("bkg_1", { clientId: undefined, documentType: "pdf", callbackUrl: "nowhere" }),
			"k2",
		);
		expect(bare.body).toEqual(validationProblem(["clientId", "documentType", "callbackUrl"]));
		const stranger = await create(receipt("bkg_1", { clientId: "someone-else" }), "k3");
		expect(stranger.status).toBe(403);
		expect(stranger.body).toMatchObject({ code: "CLIENT_UNKNOWN" });

		const unknown = `doc_${"0".repeat(32)}`;
		const missing = await getJson(`${sandbox.url}/documents/${unknown}`);
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({
			type: "/problems/document-not-found",
			title: "Document not found",
			status: 404,
			detail: `Document ${unknown} does not exist.`,
			code: "DOCUMENT_NOT_FOUND",
		});
		expect((await fetch(`${sandbox.url}/documents/${unknown}.pdf`)).status).toBe(404);
	});
});
