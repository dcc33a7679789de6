import { Hono } from "hono";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { durationVar } from "../lib/duration";
import { idempotencyKey } from "../lib/idempotency";
import { hashHex } from "../lib/ids";
import { ApiError } from "../lib/problem";
import { CreateDocumentBody, type DocumentRecord } from "./receipts";

const DOCUMENT_ID = /^doc_[0-9a-f]{32}$/;

function documentNotFound(documentId: string): ApiError {
	return new ApiError(404, "DOCUMENT_NOT_FOUND", `Document ${documentId} does not exist.`);
}

function documentStub(env: Env, documentId: string) {
	if (!DOCUMENT_ID.test(documentId)) throw documentNotFound(documentId);
	return env.DOCUMENTS.getByName(documentId);
}

/** What creating a document answers: its id and status, and its URL once it is ready. */
function accepted(document: DocumentRecord) {
	const { documentId, status, url } = document;
	return url === undefined ? { documentId, status } : { documentId, status, url };
}

/**
 * The Document Generator: `POST /documents` accepts a receipt (202 PENDING; the same
 * Idempotency-Key returns the same document), renders it as a PDF after DOCUMENT_RENDER_DELAY
 * and calls the request's callbackUrl (the orchestrator's CallbackReceipt). Only a known client
 * (DOCUMENT_CLIENT_IDS) may ask. `GET /documents/<id>` is its status, `GET /documents/<id>.pdf` the file.
 */
export const documents = new Hono<AppEnv>()
	.post("/", async (c) => {
		const key = idempotencyKey(c);
		const request = await readJson(c, CreateDocumentBody);
		const clients = (c.env.DOCUMENT_CLIENT_IDS ?? "order-orchestrator").split(",").map((id) => id.trim());
		if (!clients.includes(request.clientId)) {
			throw new ApiError(403, "CLIENT_UNKNOWN", `Client ${request.clientId} may not ask for documents.`, [
				{ path: "clientId", message: `Expected one of ${clients.join(", ")}` },
			]);
		}
		const documentId = `doc_${await hashHex(`document\n${key}`)}`;
		const url = `${c.env.PUBLIC_URL.replace(/\/+$/, "")}/documents/${documentId}.pdf`;
		const delay = durationVar("DOCUMENT_RENDER_DELAY", c.env.DOCUMENT_RENDER_DELAY, "1s");
		const now = c.var.now;
		const result = await documentStub(c.env, documentId).create(
			documentId,
			request,
			url,
			now.getTime() + delay,
			now,
		);
		return c.json(accepted(result.document), result.document.status === "PENDING" ? 202 : 200);
	})
	.get("/:name", async (c) => {
		const name = c.req.param("name");
		if (name.endsWith(".pdf")) {
			const documentId = name.slice(0, -".pdf".length);
			const stub = documentStub(c.env, documentId);
			const pdf = await stub.pdf();
			if (pdf) {
				return c.body(pdf, 200, {
					"content-type": "application/pdf",
					"content-disposition": `inline; filename="${documentId}.pdf"`,
				});
			}
			if (!(await stub.view())) throw documentNotFound(documentId);
			throw new ApiError(409, "DOCUMENT_NOT_READY", `Document ${documentId} is still being rendered.`);
		}
		const view = await documentStub(c.env, name).view();
		if (!view) throw documentNotFound(name);
		return c.json(view, 200);
	})
	.post("/:documentId/redeliver", async (c) => {
		const documentId = c.req.param("documentId");
		const stub = documentStub(c.env, documentId);
		if (!(await stub.view())) throw documentNotFound(documentId);
		const result = await stub.redeliver();
		if (result.ok) {
			const { ok: _ok, ...answer } = result;
			return c.json(answer, 200);
		}
		throw new ApiError(409, "NO_WEBHOOK_EVENT", `Document ${documentId} has not sent its callback yet.`);
	});
