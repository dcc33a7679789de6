import { decodeCursor, historyRepository, operationsReader } from "../../db";
import { bookingView } from "../../domain/booking";
import { firstPlace } from "../../domain/notifications";
import { timelineOf } from "../../domain/timeline";
import { sagaOf } from "../../durable/stubs";
import type { AppRouteHandler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { ID_PATTERN, ID_RULE } from "../../lib/ids";
import { log } from "../../lib/log";
import { geo } from "../../partners";
import { JAKARTA } from "../../partners/geo";
import { bookingStub } from "../bookings/booking-stub";
import type * as routes from "./internal.routes";

const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Fields the saga log and the outbox keep as epoch milliseconds. */
const TIME_KEYS = new Set(["at", "startedAt", "updatedAt", "deadline", "nextAttemptAt", "createdAt"]);

/** The same value with every epoch-millisecond time field as ISO 8601, for people to read. */
export function isoTimes(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(isoTimes);
	if (value === null || typeof value !== "object") return value;
	return Object.fromEntries(
		Object.entries(value).map(([key, v]) => [
			key,
			TIME_KEYS.has(key) && typeof v === "number" && Number.isFinite(v)
				? new Date(v).toISOString()
				: isoTimes(v),
		]),
	);
}

export const getInternalBookingDetail: AppRouteHandler<typeof routes.getInternalBookingDetail> = async (
	c,
) => {
	const { bookingId } = c.req.valid("param");
	const held = await bookingStub(c.env, bookingId).inspect();
	if (!held.booking) throw new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId}.`);
	const saga = await sagaOf(c.env, bookingId).inspect();
	const place = firstPlace(bookingView(held.booking));
	const zone = place ? await geo(c.env).zoneOf(place.lat, place.lng) : undefined;
	return c.json(
		{
			timeZone: zone?.ok ? zone.value : JAKARTA,
			booking: { ...held.booking },
			outbox: held.outbox.map(({ snapshot: _s, ...entry }) => isoTimes(entry) as Record<string, unknown>),
			webhookInbox: held.inbox,
			alarm: at(held.alarm),
			saga: { ...(isoTimes(saga) as typeof saga), alarm: at(saga.alarm) },
		},
		200,
	);
};

const badCursor = () =>
	new ApiError("VALIDATION_FAILED", "The cursor is not valid.", [
		{ path: "query.cursor", message: "Not a cursor this API issued" },
	]);

export const searchBookings: AppRouteHandler<typeof routes.searchBookings> = async (c) => {
	const { attention, cursor, from, to, ...filters } = c.req.valid("query");
	if (cursor !== undefined && !decodeCursor(cursor)) throw badCursor();
	// Stored times are UTC with milliseconds (compared as text): the bounds are written the same way.
	const utc = (instant: string) => new Date(instant).toISOString();
	const page = await operationsReader(c.env).searchBookings(
		{
			...filters,
			...(from === undefined ? {} : { from: utc(from) }),
			...(to === undefined ? {} : { to: utc(to) }),
			...(cursor === undefined ? {} : { cursor }),
			...(attention ? { attention: attention === "true" } : {}),
		},
		Date.now(),
	);
	return c.json(page, 200);
};

export const getOperationsSummary: AppRouteHandler<typeof routes.getOperationsSummary> = async (c) => {
	return c.json(await operationsReader(c.env).summary(Date.now()), 200);
};

export const listDeadEvents: AppRouteHandler<typeof routes.listDeadEvents> = async (c) => {
	const { limit, cursor } = c.req.valid("query");
	if (cursor !== undefined && !decodeCursor(cursor)) throw badCursor();
	return c.json(await operationsReader(c.env).deadEvents(limit ?? 50, cursor), 200);
};

/**
 * Publishes a dead event again, once: the replay is claimed in D1 first (a conditional update,
 * so two operators racing publish it once), then sent; a send that fails releases the claim.
 */
export const replayDeadEvent: AppRouteHandler<typeof routes.replayDeadEvent> = async (c) => {
	const { id } = c.req.valid("param");
	const { reason } = c.req.valid("json");
	const actor = c.get("actor");
	if (!actor) throw new Error("replay without an actor");
	const ops = operationsReader(c.env);
	const dead = await ops.deadEvent(id);
	if (!dead) throw new ApiError("DEAD_EVENT_NOT_FOUND", `No dead event ${id}.`);
	const at = new Date().toISOString();
	if (!(await ops.claimReplay(id, actor.id, reason, at))) {
		const before = (await ops.deadEvent(id)) ?? dead;
		return c.json(
			{ id, replayed: false, replayedAt: before.replayedAt ?? at, replayedBy: before.replayedBy ?? actor.id },
			200,
		);
	}
	try {
		await c.env.EVENTS.send(dead.body, { contentType: "json" });
	} catch (error) {
		await ops.releaseReplay(id, at);
		log("warn", "dead event not replayed", { id, error: String(error) });
		throw new ApiError("UPSTREAM_UNAVAILABLE", "The event could not be put back on its queue; try again.");
	}
	log("info", "operator.action", {
		action: "replay-dead-event",
		id,
		bookingId: dead.bookingId,
		actor: actor.id,
	});
	return c.json({ id, replayed: true, replayedAt: at, replayedBy: actor.id }, 200);
};

export const getBookingTimeline: AppRouteHandler<typeof routes.getBookingTimeline> = async (c) => {
	const { bookingId } = c.req.valid("param");
	const held = await bookingStub(c.env, bookingId).inspect();
	if (!held.booking) throw new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId}.`);
	const history = historyRepository(c.env);
	const [saga, events, journal] = await Promise.all([
		sagaOf(c.env, bookingId).inspect(),
		history.eventsFor(bookingId),
		history.timelineFor(bookingId),
	]);
	return c.json({ entries: timelineOf({ booking: held.booking, saga, events, journal }) }, 200);
};

async function requestHash(value: unknown): Promise<string> {
	const bytes = new TextEncoder().encode(JSON.stringify(value));
	const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
	return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

export const runOperatorAction: AppRouteHandler<typeof routes.runOperatorAction> = async (c) => {
	const { bookingId } = c.req.valid("param");
	const key = c.req.valid("header")["idempotency-key"];
	if (key === undefined || key === "") throw new ApiError("IDEMPOTENCY_KEY_REQUIRED");
	if (!ID_PATTERN.test(key)) {
		throw new ApiError("VALIDATION_FAILED", "One or more fields are invalid.", [
			{ path: "header.idempotency-key", message: ID_RULE },
		]);
	}
	const body = c.req.valid("json");
	const actor = c.get("actor");
	if (!actor) throw new Error("an operator action without an actor");
	const hash = await requestHash({
		action: body.action,
		itemId: body.itemId ?? null,
		amount: body.amount ?? null,
		reason: body.reason,
	});
	const outcome = await bookingStub(c.env, bookingId).operatorAction({
		key,
		hash,
		action: body.action,
		...(body.itemId ? { itemId: body.itemId } : {}),
		...(body.amount === undefined ? {} : { amount: body.amount }),
		reason: body.reason,
		actor: actor.id,
	});
	if (!outcome.ok) {
		if (outcome.code === "BOOKING_NOT_FOUND")
			throw new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId}.`);
		throw new ApiError(outcome.code, outcome.detail);
	}
	const { answer } = outcome;
	// The timeline keeps the action once, by its id, however often the request is retried.
	await historyRepository(c.env).recordTimeline([
		{
			id: `op:${answer.actionId}`,
			bookingId,
			at: new Date().toISOString(),
			kind: "operator",
			actor: actor.id,
			summary: `${actor.id} ${outcome.summary}: "${body.reason}".`,
			data: {
				actionId: answer.actionId,
				action: body.action,
				reason: body.reason,
				...(body.itemId ? { itemId: body.itemId } : {}),
				...(body.amount === undefined ? {} : { amount: body.amount }),
			},
		},
	]);
	if (!outcome.replay)
		log("info", "operator.action", {
			action: body.action,
			bookingId,
			actor: actor.id,
			actionId: answer.actionId,
		});
	return c.json(answer, 200);
};
