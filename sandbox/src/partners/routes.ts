import { Hono } from "hono";
import { holdAnswer, injectFaults } from "../control/inject";
import type { AppEnv } from "../lib/app-env";
import { readJson } from "../lib/body";
import { durationVar } from "../lib/duration";
import { idempotencyKey } from "../lib/idempotency";
import { ApiError } from "../lib/problem";
import { requiredQuery } from "../lib/query";
import { sleep } from "../lib/sleep";
import {
	illegalTransition,
	orderNotFound,
	orderStub,
	partnerRefFor,
	partnerStub,
	partnerType,
	rejected,
	unavailable,
} from "./http";
import { businessType, type PartnerOrder } from "./orders";
import { AdvanceBody, BookOrderBody, CancelByKeyBody } from "./schemas";
import { notesOf, steering } from "./steering";

/** What a book call answers: the order's reference, its booking and item, and its status. */
function bookAnswer(order: PartnerOrder) {
	const { partnerRef, bookingId, itemId, status } = order;
	return { partnerRef, bookingId, itemId, status };
}

/**
 * The partner gateways (`/partners/taxi`, `/rent`, `/delivery`, `/shuttle`): book with an
 * idempotency key, cancel (by reference, or by key when the book call's outcome is unknown),
 * list a booking's orders, and the sandbox's own moves (advance, redeliver) that push signed
 * status callbacks to the orchestrator. Faults set for the type's target apply to book and cancel.
 */
export const partnerGateways = new Hono<AppEnv>()
	.post("/:type/orders", async (c) => {
		const type = partnerType(c);
		const key = idempotencyKey(c);
		const body = await readJson(c, BookOrderBody);
		const fault = await injectFaults(c.env, businessType(type));
		const steer = steering(notesOf(body.details));
		const partnerRef = await partnerRefFor(type, key);
		const result = await orderStub(c.env, type, partnerRef).book(
			{
				partnerRef,
				type,
				idempotencyKey: key,
				body,
				asyncConfirmDelayMs: durationVar("ASYNC_CONFIRM_DELAY", c.env.ASYNC_CONFIRM_DELAY, "1s"),
			},
			c.var.now,
		);
		if (steer.slowMs > 0) await sleep(steer.slowMs);
		if (!result.ok) throw unavailable("book call", result);
		// sandbox:timeout: the order stands, but the caller gives up before it hears so.
		await holdAnswer(c.env, steer.timeout || fault.hold);
		const { order } = result;
		switch (order.status) {
			case "REJECTED":
				throw rejected(order);
			case "PENDING":
				return c.json(bookAnswer(order), 202);
			default:
				// 201 only for a booking made now; a retry, or a key cancelled first, answers 200.
				return c.json(bookAnswer(order), result.created && order.status === "BOOKED" ? 201 : 200);
		}
	})
	.get("/:type/orders", async (c) => {
		const type = partnerType(c);
		const bookingId = requiredQuery(c, "bookingId");
		const orders = await partnerStub(c.env, type).ordersOf(bookingId);
		return c.json({ orders }, 200);
	})
	.post("/:type/orders/cancel-by-key", async (c) => {
		const type = partnerType(c);
		const { idempotencyKey: key } = await readJson(c, CancelByKeyBody);
		const fault = await injectFaults(c.env, businessType(type));
		const partnerRef = await partnerRefFor(type, key);
		const result = await orderStub(c.env, type, partnerRef).cancelByKey(partnerRef, c.var.now);
		await holdAnswer(c.env, fault.hold);
		if (result.ok) {
			if (!result.order) return c.json({ status: "NOT_FOUND" }, 200);
			return c.json({ status: result.order.status, partnerRef }, 200);
		}
		if (result.code === "PARTNER_UNAVAILABLE") throw unavailable("cancel", result);
		throw illegalTransition(result.order, "CANCELED");
	})
	.get("/:type/orders/:partnerRef", async (c) => {
		const type = partnerType(c);
		const partnerRef = c.req.param("partnerRef");
		const view = await orderStub(c.env, type, partnerRef).view(partnerRef);
		if (!view) throw orderNotFound(partnerRef);
		return c.json(view, 200);
	})
	.post("/:type/orders/:partnerRef/cancel", async (c) => {
		const type = partnerType(c);
		const partnerRef = c.req.param("partnerRef");
		const stub = orderStub(c.env, type, partnerRef);
		const fault = await injectFaults(c.env, businessType(type));
		const result = await stub.cancel(partnerRef, c.var.now);
		await holdAnswer(c.env, fault.hold);
		if (result.ok) return c.json({ partnerRef, status: result.order.status }, 200);
		switch (result.code) {
			case "ORDER_NOT_FOUND":
				throw orderNotFound(partnerRef);
			case "PARTNER_UNAVAILABLE":
				throw unavailable("cancel", result);
			case "ILLEGAL_TRANSITION":
				throw illegalTransition(result.order, "CANCELED");
		}
	})
	.post("/:type/orders/:partnerRef/advance", async (c) => {
		const type = partnerType(c);
		const partnerRef = c.req.param("partnerRef");
		const stub = orderStub(c.env, type, partnerRef);
		const { status } = await readJson(c, AdvanceBody);
		const result = await stub.advance(partnerRef, status, c.var.now);
		if (result.ok) return c.json(result.order, 200);
		if (result.code === "ORDER_NOT_FOUND") throw orderNotFound(partnerRef);
		throw illegalTransition(result.order, status);
	})
	.post("/:type/orders/:partnerRef/redeliver", async (c) => {
		const type = partnerType(c);
		const partnerRef = c.req.param("partnerRef");
		const result = await orderStub(c.env, type, partnerRef).redeliver(partnerRef);
		if (result.ok) {
			const { ok: _ok, ...answer } = result;
			return c.json(answer, 200);
		}
		if (result.code === "ORDER_NOT_FOUND") throw orderNotFound(partnerRef);
		throw new ApiError(409, "NO_WEBHOOK_EVENT", `Order ${partnerRef} has not sent any status callback yet.`);
	});
