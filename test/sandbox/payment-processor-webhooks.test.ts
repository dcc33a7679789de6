import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson } from "../support/http";
import { PAYMENT_WEBHOOK_SECRET, type RunningSandbox, startSandbox } from "../support/stack";
import { eventually, ISO_INSTANT, newPayment, paymentAt, refundAt, simulateAt } from "./payment-fixtures";
import {
	DROP_CONNECTION,
	parseSignature,
	signatureMatches,
	startWebhookReceiver,
	type WebhookReceiver,
} from "./webhook-receiver";

// A refund stays PENDING long enough to stop the sandbox before it is confirmed.
const REFUND_CONFIRM_DELAY_MS = 3_000;

let state: string;
let receiver: WebhookReceiver;
let sandbox: RunningSandbox | undefined;

const start = () =>
	startSandbox({
		persistTo: state,
		orchestratorUrl: receiver.url,
		vars: { REFUND_CONFIRM_DELAY: `${REFUND_CONFIRM_DELAY_MS}ms` },
	});

beforeAll(async () => {
	state = await mkdtemp(path.join(tmpdir(), "sandbox-payments-"));
	receiver = await startWebhookReceiver();
	sandbox = await start();
});
afterAll(async () => {
	await sandbox?.stop();
	await receiver?.close();
	await rm(state, { recursive: true, force: true });
});

function url(): string {
	if (!sandbox) throw new Error("sandbox is not running");
	return sandbox.url;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const redeliver = (paymentId: string) => postJson(`${url()}/payments/${paymentId}/redeliver`, {});

describe("payment webhooks", () => {
	it("posts the event to the orchestrator's callback, signed over the raw body", async () => {
		const paymentId = await newPayment(url(), { method: "OVO", reference: "bkg_signed" });
		const before = Math.floor(Date.now() / 1000);
		await simulateAt(url(), paymentId, "PAID");
		const [webhook] = await receiver.waitFor(paymentId, 1);
		if (!webhook) throw new Error("no webhook");

		expect(webhook.path).toBe("/v1/callbacks/payment");
		expect(webhook.contentType).toBe("application/json");
		expect(signatureMatches(webhook.signature, webhook.rawBody, PAYMENT_WEBHOOK_SECRET)).toBe(true);
		expect(signatureMatches(webhook.signature, webhook.rawBody, "whsec_other")).toBe(false);
		const timestamp = parseSignature(webhook.signature)?.timestamp ?? 0;
		expect(timestamp).toBeGreaterThanOrEqual(before);
		expect(timestamp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));

		const held = await paymentAt(url(), paymentId);
		expect(webhook.event).toEqual({
			id: held.events[0]?.id,
			type: "payment.paid",
			createdAt: held.paidAt,
			data: {
				paymentId,
				reference: "bkg_signed",
				amount: 150_000,
				currency: "IDR",
				method: "OVO",
				status: "PAID",
				paidAt: expect.stringMatching(ISO_INSTANT),
			},
		});
		expect(held.events).toEqual([webhook.event]);
	});

	it("retries a refused webhook with backoff until the receiver accepts it", async () => {
		const paymentId = await newPayment(url());
		receiver.refuseNext(paymentId, 2, 500);
		await simulateAt(url(), paymentId, "FAILED");
		const requests = await receiver.waitFor(paymentId, 3);

		expect(requests.map((r) => [r.event.type, r.answered])).toEqual([
			["payment.failed", 500],
			["payment.failed", 500],
			["payment.failed", 200],
		]);
		expect(new Set(requests.map((r) => r.event.id)).size).toBe(1);
		expect(new Set(requests.map((r) => r.rawBody)).size).toBe(1);
		for (const r of requests)
			expect(signatureMatches(r.signature, r.rawBody, PAYMENT_WEBHOOK_SECRET)).toBe(true);
		const [first, second, third] = requests.map((r) => r.receivedAt);
		expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(900);
		expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(1_900);

		const held = await eventually(url(), paymentId, (p) => p.deliveries[0]?.state === "DELIVERED");
		expect(held.deliveries).toEqual([
			{
				eventId: requests[0]?.event.id,
				state: "DELIVERED",
				attempts: 3,
				lastStatus: 200,
				deliveredAt: expect.stringMatching(ISO_INSTANT),
			},
		]);
	});

	it("retries when the receiver drops the connection", async () => {
		const paymentId = await newPayment(url());
		receiver.refuseNext(paymentId, 1, DROP_CONNECTION);
		await simulateAt(url(), paymentId, "CANCELED");
		const requests = await receiver.waitFor(paymentId, 2);
		expect(requests.map((r) => [r.event.type, r.answered])).toEqual([
			["payment.canceled", DROP_CONNECTION],
			["payment.canceled", 200],
		]);
	});

	it("keeps a later event behind an earlier one that is still being retried", async () => {
		const paymentId = await newPayment(url());
		receiver.refuseNext(paymentId, 2, 503);
		await simulateAt(url(), paymentId, "PAID");
		expect((await refundAt(url(), paymentId, { amount: 10_000 })).status).toBe(202);
		const requests = await receiver.waitFor(paymentId, 4);
		expect(requests.map((r) => [r.event.type, r.answered])).toEqual([
			["payment.paid", 503],
			["payment.paid", 503],
			["payment.paid", 200],
			["refund.succeeded", 200],
		]);
	});

	it("redelivers the last event with the same id and body and a fresh signature", async () => {
		const paymentId = await newPayment(url());
		await simulateAt(url(), paymentId, "PAID");
		const [original] = await receiver.waitFor(paymentId, 1);
		await sleep(1_100);

		const response = await redeliver(paymentId);
		expect(response.status).toBe(200);
		expect(response.body).toEqual({ eventId: original?.event.id, delivered: true, status: 200 });
		const [, duplicate] = receiver.requestsFor(paymentId);
		expect(duplicate?.rawBody).toBe(original?.rawBody);
		expect(
			signatureMatches(duplicate?.signature ?? "", duplicate?.rawBody ?? "", PAYMENT_WEBHOOK_SECRET),
		).toBe(true);
		const stamp = (r: typeof original) => parseSignature(r?.signature ?? "")?.timestamp ?? 0;
		expect(stamp(duplicate)).toBeGreaterThan(stamp(original));

		receiver.refuseNext(paymentId, 1, 500);
		expect((await redeliver(paymentId)).body).toEqual({
			eventId: original?.event.id,
			delivered: false,
			status: 500,
		});
	});

	it("has nothing to redeliver before the first event", async () => {
		const paymentId = await newPayment(url());
		const response = await redeliver(paymentId);
		expect(response.status).toBe(409);
		expect(response.body).toEqual({
			type: "/problems/no-webhook-event",
			title: "No webhook event",
			status: 409,
			detail: `Payment ${paymentId} has not emitted any webhook event yet.`,
			code: "NO_WEBHOOK_EVENT",
		});
	});
});

describe("payment state across a restart", () => {
	it("keeps the payment and confirms a pending refund after the worker restarts", async () => {
		const paymentId = await newPayment(url());
		await simulateAt(url(), paymentId, "PAID");
		await receiver.waitFor(paymentId, 1);
		const accepted = await refundAt(url(), paymentId, { amount: 25_000 });
		expect(accepted.status).toBe(202);
		const before = await paymentAt(url(), paymentId);

		await sandbox?.stop();
		sandbox = undefined;
		expect(receiver.requestsFor(paymentId)).toHaveLength(1);
		sandbox = await start();

		const requests = await receiver.waitFor(paymentId, 2, 15_000);
		expect(requests[1]?.event).toMatchObject({
			type: "refund.succeeded",
			data: { refund: { refundId: (accepted.body as { refundId: string }).refundId, status: "SUCCEEDED" } },
		});
		const after = await paymentAt(url(), paymentId);
		expect(after).toMatchObject({
			paymentId,
			status: "PAID",
			paidAt: before.paidAt,
			url: before.url,
			refunds: [{ ...(accepted.body as object), status: "SUCCEEDED" }],
		});
	});
});
