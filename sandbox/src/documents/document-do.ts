import { DurableObject } from "cloudflare:workers";
import { newEventId } from "../lib/ids";
import { type Delivery, drainOutbox, type RedeliverResult, redeliverLast } from "../lib/outbox";
import type { WebhookTarget } from "../lib/webhooks";
import type { CreateDocumentBody, DocumentRecord, ReceiptCallback } from "./receipts";
import { renderReceipt } from "./render";
import { DocumentStore } from "./store";

export type DocumentView = DocumentRecord & { deliveries: Delivery[] };

/** The receipt callback goes where the request said (its callbackUrl), signed with the generator's secret. */
export function receiptCallbackTarget(env: Env, callbackUrl: string): WebhookTarget {
	return {
		url: callbackUrl,
		secret: env.DOCUMENT_WEBHOOK_SECRET,
		secretName: "DOCUMENT_WEBHOOK_SECRET",
		sender: "document-generator",
	};
}

/**
 * Responsibilities: one document (named by its documentId, derived from the request's
 * idempotency key, so a retried request finds it). It is accepted PENDING; the alarm renders
 * the PDF once DOCUMENT_RENDER_DELAY has passed, stores it, marks it READY and queues the
 * signed receipt callback in the same write, then drains the outbox with retries. The alarm
 * re-arms from the tables, so a restart resumes a render or a delivery.
 */
export class DocumentDO extends DurableObject<Env> {
	private readonly store: DocumentStore;

	constructor(ctx: DurableObjectState, env: Env) {
		super(ctx, env);
		this.store = new DocumentStore(ctx.storage.sql);
	}

	async create(
		documentId: string,
		request: CreateDocumentBody,
		url: string,
		renderAt: number,
		now: Date,
	): Promise<{ created: boolean; document: DocumentRecord }> {
		const existing = this.store.document();
		if (existing) return { created: false, document: existing.record };
		this.store.migrate();
		this.store.insert(documentId, request, url, renderAt, now.toISOString());
		await this.arm();
		return { created: true, document: this.record() };
	}

	view(): DocumentView | null {
		const stored = this.store.document();
		return stored ? { ...stored.record, deliveries: this.store.outbox.deliveries() } : null;
	}

	pdf(): ArrayBuffer | null {
		return this.store.pdf();
	}

	async redeliver(): Promise<({ ok: true } & RedeliverResult) | { ok: false; code: "NO_WEBHOOK_EVENT" }> {
		const last = this.store.exists() ? this.store.outbox.last() : null;
		if (!last) return { ok: false, code: "NO_WEBHOOK_EVENT" };
		return { ok: true, ...(await redeliverLast(last, this.target())) };
	}

	async alarm(): Promise<void> {
		await this.renderIfDue();
		if (this.store.exists()) await drainOutbox(this.store.outbox, this.target());
		await this.arm();
	}

	private async renderIfDue(): Promise<void> {
		const stored = this.store.document();
		if (stored?.record.status !== "PENDING" || stored.renderAt > Date.now()) return;
		const pdf = await renderReceipt(stored.record.documentId, stored.request);
		// Only the alarm moves a document, and alarms never overlap: it is still PENDING here.
		const now = new Date();
		const at = now.toISOString();
		this.store.markReady(pdf, at);
		const callback: ReceiptCallback = {
			id: newEventId(),
			documentId: stored.record.documentId,
			bookingId: stored.record.bookingId,
			url: stored.url,
			occurredAt: at,
		};
		this.store.outbox.append(callback.id, JSON.stringify(callback), now.getTime());
	}

	private target(): WebhookTarget {
		const stored = this.store.document();
		if (!stored) throw new Error("document-generator: no document to call back about");
		return receiptCallbackTarget(this.env, stored.request.callbackUrl);
	}

	private async arm(): Promise<void> {
		const deadline = this.store.nextDeadline();
		if (deadline === null) await this.ctx.storage.deleteAlarm();
		else await this.ctx.storage.setAlarm(deadline);
	}

	private record(): DocumentRecord {
		const stored = this.store.document();
		if (!stored) throw new Error("document-generator: document row vanished");
		return stored.record;
	}
}
