import { Hono } from "hono";
import { holdAnswer, injectFaults } from "../control/inject";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { idempotencyKey } from "../lib/idempotency";
import { randomHex } from "../lib/ids";
import { requiredQuery } from "../lib/query";
import { type Notification, SendMessageBody } from "./messages";
import { NOTIFICATIONS_INSTANCE } from "./notifications-do";

/**
 * The Notification service: `POST /notifications/messages` "sends" an email, SMS or push
 * message (201, or 200 with the first message for a repeated Idempotency-Key) and
 * `GET /notifications?bookingId=` lists what was sent about a booking, oldest first. Faults set
 * for NOTIFICATION (`POST /control/faults`) apply to sending.
 */
export const notifications = new Hono<AppEnv>()
	.post("/messages", async (c) => {
		const key = idempotencyKey(c);
		const body = await readJson(c, SendMessageBody);
		// A NOTIFICATION fault fails the send (503) before anything is sent, or holds the answer.
		const fault = await injectFaults(c.env, "NOTIFICATION");
		const candidate: Notification = {
			messageId: `msg_${randomHex(16)}`,
			...body,
			status: "SENT",
			sentAt: c.var.now.toISOString(),
		};
		const result = await c.env.NOTIFICATIONS.getByName(NOTIFICATIONS_INSTANCE).send(key, candidate);
		await holdAnswer(c.env, fault.hold);
		return c.json(result.notification, result.created ? 201 : 200);
	})
	.get("/", async (c) => {
		const bookingId = requiredQuery(c, "bookingId");
		return c.json(
			{ notifications: await c.env.NOTIFICATIONS.getByName(NOTIFICATIONS_INSTANCE).list(bookingId) },
			200,
		);
	});
