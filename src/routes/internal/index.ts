import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { BookingState } from "../../domain/booking";
import type { OutboxEntry } from "../../durable/booking-outbox";
import type { AppEnv } from "../../lib/app-env";
import { ApiError } from "../../lib/errors";
import { requireService } from "../../lib/service-auth";
import type { SagaPlan } from "../../saga/booking-saga";
import type { SagaLog } from "../../saga/types";
import { bookingStub } from "../bookings/booking-stub";
import { BookingIdParams } from "../bookings/bookings.schemas";
import { json, problems } from "../shared/responses";

const InternalBooking = z
	.object({
		booking: z
			.record(z.string(), z.unknown())
			.openapi({ description: "The booking as the BookingDO holds it (payment ids, refunds, items)." }),
		outbox: z.array(z.record(z.string(), z.unknown())).openapi({ description: "Effects not yet delivered." }),
		webhookInbox: z.array(z.string()).openapi({ description: "Event ids already processed." }),
		alarm: z.string().nullable(),
		saga: z
			.object({
				plan: z.unknown().optional(),
				log: z.unknown().optional(),
				syncPending: z.boolean(),
				alarm: z.string().nullable(),
			})
			.openapi({ description: "The saga log: every step with its attempts, key, partner ref and errors." }),
	})
	.openapi("InternalBookingDetail");

export const getInternalBookingDetail = createRoute({
	method: "get",
	path: "/internal/bookings/{bookingId}",
	operationId: "GetInternalBookingDetail",
	summary: "Everything about a booking, for operators",
	tags: ["Internal"],
	security: [{ serviceToken: [] }],
	middleware: [requireService],
	request: { params: BookingIdParams },
	responses: {
		200: json(InternalBooking, "The booking, its saga log, outbox and webhook inbox"),
		...problems("UNAUTHORIZED", "BOOKING_NOT_FOUND"),
	},
});

const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function internalRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openAPIRegistry.registerComponent("securitySchemes", "serviceToken", {
		type: "http",
		scheme: "bearer",
		description: "INTERNAL_SERVICE_TOKEN",
	});
	app.openapi(getInternalBookingDetail, async (c) => {
		const { bookingId } = c.req.valid("param");
		const held = (await bookingStub(c.env, bookingId).inspect()) as {
			booking?: BookingState;
			outbox: OutboxEntry[];
			inbox: string[];
			alarm: number | null;
		};
		if (!held.booking) throw new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId}.`);
		const saga = (await c.env.SAGA.get(c.env.SAGA.idFromName(bookingId)).inspect()) as {
			plan?: SagaPlan;
			log?: SagaLog;
			syncPending: boolean;
			alarm: number | null;
		};
		return c.json(
			{
				booking: held.booking as unknown as Record<string, unknown>,
				outbox: held.outbox.map(({ snapshot: _s, ...entry }) => entry as unknown as Record<string, unknown>),
				webhookInbox: held.inbox,
				alarm: at(held.alarm),
				saga: { ...saga, alarm: at(saga.alarm) },
			},
			200,
		);
	});
}
