import { createRoute, z } from "@hono/zod-openapi";
import { requireService } from "../../lib/service-auth";
import { BookingIdParams } from "../bookings/bookings.schemas";
import { json, problems } from "../shared/responses";

export const InternalBooking = z
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
