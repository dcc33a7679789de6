import { sagaOf } from "../../durable/stubs";
import type { AppRouteHandler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { bookingStub } from "../bookings/booking-stub";
import type * as routes from "./internal.routes";

const at = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const getInternalBookingDetail: AppRouteHandler<typeof routes.getInternalBookingDetail> = async (
	c,
) => {
	const { bookingId } = c.req.valid("param");
	const held = await bookingStub(c.env, bookingId).inspect();
	if (!held.booking) throw new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId}.`);
	const saga = await sagaOf(c.env, bookingId).inspect();
	return c.json(
		{
			booking: { ...held.booking },
			outbox: held.outbox.map(({ snapshot: _s, ...entry }) => ({ ...entry })),
			webhookInbox: held.inbox,
			alarm: at(held.alarm),
			saga: { ...saga, alarm: at(saga.alarm) },
		},
		200,
	);
};
