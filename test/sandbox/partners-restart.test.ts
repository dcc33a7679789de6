import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";
import {
	bookAt,
	bookKey,
	newBookingId,
	newOrder,
	orderRequest,
	ordersOf,
	type StatusCallback,
} from "./partner-fixtures";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

// Long enough to stop the sandbox while the confirmation is still pending.
const ASYNC_CONFIRM_DELAY_MS = 3_000;

let state: string;
let receiver: WebhookReceiver<StatusCallback>;
let sandbox: RunningSandbox | undefined;

const start = () =>
	startSandbox({
		persistTo: state,
		orchestratorUrl: receiver.url,
		vars: { ASYNC_CONFIRM_DELAY: `${ASYNC_CONFIRM_DELAY_MS}ms` },
	});

beforeAll(async () => {
	state = await mkdtemp(path.join(tmpdir(), "sandbox-partners-"));
	receiver = await startWebhookReceiver<StatusCallback>((event) => event.partnerRef);
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

describe("partner state across a restart", () => {
	it("keeps orders, notifications and faults, and confirms a pending order after the worker restarts", async () => {
		const bookingId = newBookingId();
		const booked = await newOrder(url(), "taxi", bookingId);
		const pending = await bookAt(
			url(),
			"taxi",
			orderRequest(bookingId, "itm_async", "sandbox:async-confirm"),
			bookKey(bookingId, "itm_async"),
		);
		expect(pending.status).toBe(202);
		const pendingRef = (pending.body as { partnerRef: string }).partnerRef;
		const sent = await postJson(
			`${url()}/notifications/messages`,
			{ bookingId, channel: "SMS", template: "booking.active", to: "+6281234567890", body: "Booked" },
			{ "idempotency-key": `${bookingId}:sms` },
		);
		expect(sent.status).toBe(201);
		await postJson(`${url()}/control/faults`, { target: "SHUTTLE", latencyMs: 10 });

		await sandbox?.stop();
		sandbox = undefined;
		expect(receiver.requestsFor(pendingRef)).toEqual([]);
		sandbox = await start();

		const [confirmed] = await receiver.waitFor(pendingRef, 1, 15_000);
		expect(confirmed?.event).toMatchObject({ partnerRef: pendingRef, status: "CONFIRMED" });
		expect((await ordersOf(url(), "taxi", bookingId)).map((o) => [o.partnerRef, o.status])).toEqual([
			[booked, "BOOKED"],
			[pendingRef, "BOOKED"],
		]);
		expect((await getJson(`${url()}/notifications?bookingId=${bookingId}`)).body).toEqual({
			notifications: [sent.body],
		});
		expect((await getJson(`${url()}/control/faults`)).body).toMatchObject({
			faults: [{ target: "SHUTTLE", latencyMs: 10 }],
		});
	});
});
