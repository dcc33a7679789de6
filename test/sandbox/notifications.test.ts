import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson, validationProblem } from "../support/http";
import { type RunningSandbox, startSandbox } from "../support/stack";
import { ISO_INSTANT } from "./payment-fixtures";

let sandbox: RunningSandbox;

beforeAll(async () => {
	sandbox = await startSandbox();
});
afterAll(async () => {
	await sandbox?.stop();
});

const send = (body: unknown, key?: string) =>
	postJson(
		`${sandbox.url}/notifications/messages`,
		body,
		key === undefined ? {} : { "idempotency-key": key },
	);
const sentFor = (bookingId: string) => getJson(`${sandbox.url}/notifications?bookingId=${bookingId}`);

function message(bookingId: string, overrides: Record<string, unknown> = {}) {
	return {
		bookingId,
		channel: "EMAIL",
		template: "booking.active",
		to: "ayu@example.com",
		subject: "Your booking is confirmed",
		body: "Taxi from Monas to Blok M, pick-up 14:05 WIB.",
		...overrides,
	};
}

describe("sending a notification", () => {
	it("answers 201 with the sent message, and the same message with 200 for the same key", async () => {
		const bookingId = `bkg_${randomUUID()}`;
		const key = `${bookingId}:booking.active:EMAIL`;
		const first = await send(message(bookingId), key);
		expect(first.status).toBe(201);
		expect(first.body).toEqual({
			messageId: expect.stringMatching(/^msg_[0-9a-f]{32}$/),
			...message(bookingId),
			status: "SENT",
			sentAt: expect.stringMatching(ISO_INSTANT),
		});
		const again = await send(message(bookingId), key);
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		expect((await sentFor(bookingId)).body).toEqual({ notifications: [first.body] });
	});

	it("lists a booking's messages oldest first, and no one else's", async () => {
		const bookingId = `bkg_${randomUUID()}`;
		const sms = message(bookingId, {
			channel: "SMS",
			to: "+6281234567890",
			subject: undefined,
			body: "Paid",
		});
		const push = message(bookingId, { channel: "PUSH", to: "device-token-1", template: "booking.completed" });
		expect((await send(sms, "k1")).status).toBe(201);
		expect((await send(push, "k2")).status).toBe(201);
		await send(message(`bkg_${randomUUID()}`), "k1");

		const listed = (await sentFor(bookingId)).body as {
			notifications: { channel: string; template: string }[];
		};
		expect(listed.notifications.map((n) => [n.channel, n.template])).toEqual([
			["SMS", "booking.active"],
			["PUSH", "booking.completed"],
		]);
		expect((await sentFor(`bkg_${randomUUID()}`)).body).toEqual({ notifications: [] });
	});

	it("requires an Idempotency-Key, a valid message and a bookingId to list", async () => {
		const bookingId = `bkg_${randomUUID()}`;
		expect((await send(message(bookingId))).body).toMatchObject({
			status: 400,
			code: "IDEMPOTENCY_KEY_REQUIRED",
		});
		const invalid = await send(message(bookingId, { channel: "FAX", body: "" }), "k");
		expect(invalid.status).toBe(400);
		expect(invalid.body).toEqual(validationProblem(["channel", "body"]));
		const missing = await getJson(`${sandbox.url}/notifications`);
		expect(missing.status).toBe(400);
		expect(missing.body).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ path: "bookingId" }] });
	});
});
