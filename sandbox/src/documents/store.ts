import { Outbox } from "../lib/outbox";
import type { CreateDocumentBody, DocumentRecord, DocumentStatus } from "./receipts";

/**
 * The SQLite tables of one DocumentDO: the request, its status, the rendered PDF (a few KB,
 * well under a row's limit) and the receipt callback outbox. Synchronous, like every store.
 */
const SCHEMA = `CREATE TABLE IF NOT EXISTS document (
	document_id TEXT PRIMARY KEY,
	booking_id TEXT NOT NULL,
	request TEXT NOT NULL,
	url TEXT NOT NULL,
	status TEXT NOT NULL,
	render_at INTEGER NOT NULL,
	pdf BLOB,
	created_at TEXT NOT NULL,
	ready_at TEXT
)`;

type DocumentRow = {
	document_id: string;
	booking_id: string;
	request: string;
	url: string;
	status: string;
	render_at: number;
	size: number | null;
	created_at: string;
	ready_at: string | null;
};

export type StoredDocument = {
	record: DocumentRecord;
	request: CreateDocumentBody;
	url: string;
	renderAt: number;
};

export class DocumentStore {
	readonly outbox: Outbox;

	constructor(private readonly sql: SqlStorage) {
		this.outbox = new Outbox(sql);
	}

	exists(): boolean {
		return (
			this.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'document'").toArray()
				.length > 0
		);
	}

	migrate(): void {
		this.sql.exec(SCHEMA);
		this.outbox.migrate();
	}

	document(): StoredDocument | null {
		if (!this.exists()) return null;
		const row = this.sql
			.exec<DocumentRow>(
				`SELECT document_id, booking_id, request, url, status, render_at, LENGTH(pdf) AS size, created_at,
					ready_at FROM document LIMIT 1`,
			)
			.toArray()[0];
		if (!row) return null;
		const request = JSON.parse(row.request) as CreateDocumentBody;
		const record: DocumentRecord = {
			documentId: row.document_id,
			bookingId: row.booking_id,
			type: request.type,
			title: request.title,
			status: row.status as DocumentStatus,
			createdAt: row.created_at,
		};
		if (record.status === "READY") record.url = row.url;
		if (row.size !== null) record.sizeBytes = row.size;
		if (row.ready_at !== null) record.readyAt = row.ready_at;
		return { record, request, url: row.url, renderAt: row.render_at };
	}

	insert(
		documentId: string,
		request: CreateDocumentBody,
		url: string,
		renderAt: number,
		createdAt: string,
	): void {
		this.sql.exec(
			`INSERT INTO document (document_id, booking_id, request, url, status, render_at, created_at)
				VALUES (?, ?, ?, ?, 'PENDING', ?, ?)`,
			documentId,
			request.bookingId,
			JSON.stringify(request),
			url,
			renderAt,
			createdAt,
		);
	}

	markReady(pdf: Uint8Array, readyAt: string): void {
		this.sql.exec("UPDATE document SET status = 'READY', pdf = ?, ready_at = ?", pdf, readyAt);
	}

	pdf(): ArrayBuffer | null {
		if (!this.exists()) return null;
		const row = this.sql
			.exec<{ pdf: ArrayBuffer | null }>("SELECT pdf FROM document WHERE status = 'READY' LIMIT 1")
			.toArray()[0];
		return row?.pdf ?? null;
	}

	/** The earliest thing the alarm has to do: render the document or attempt the outbox head. */
	nextDeadline(): number | null {
		if (!this.exists()) return null;
		const render = this.sql
			.exec<{ at: number | null }>("SELECT MIN(render_at) AS at FROM document WHERE status = 'PENDING'")
			.one().at;
		const head = this.outbox.outboxHead()?.nextAttemptAt ?? null;
		if (render === null) return head;
		return head === null ? render : Math.min(render, head);
	}
}
