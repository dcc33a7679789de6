import { decodeCursor, historyRepository } from "../../db";
import type { AppRouteHandler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { cancelBooking as cancel, readBooking, receiptOf } from "./booking-stub";
import type * as routes from "./bookings.routes";

export const getBookingDetail: AppRouteHandler<typeof routes.getBookingDetail> = async (c) => {
	const { bookingId } = c.req.valid("param");
	return c.json(await readBooking(c.env, bookingId, c.get("customerId")), 200);
};

export const getPayment: AppRouteHandler<typeof routes.getPayment> = async (c) => {
	const { bookingId } = c.req.valid("param");
	return c.json((await readBooking(c.env, bookingId, c.get("customerId"))).payment, 200);
};

export const cancelBooking: AppRouteHandler<typeof routes.cancelBooking> = async (c) => {
	const { bookingId } = c.req.valid("param");
	return c.json(await cancel(c.env, bookingId, c.get("customerId")), 200);
};

export const getOrderReceipt: AppRouteHandler<typeof routes.getOrderReceipt> = async (c) => {
	const { bookingId } = c.req.valid("param");
	const answer = receiptOf(await readBooking(c.env, bookingId, c.get("customerId")));
	return "url" in answer ? c.json(answer, 200) : c.json(answer, 202);
};

export const listBookings: AppRouteHandler<typeof routes.listBookings> = async (c) => {
	const { status, cursor, limit } = c.req.valid("query");
	if (cursor !== undefined && !decodeCursor(cursor)) {
		throw new ApiError("VALIDATION_FAILED", "The cursor is not valid.", [
			{ path: "query.cursor", message: "Not a cursor this API issued" },
		]);
	}
	const page = await historyRepository(c.env).listBookings(c.get("customerId"), { status, cursor, limit });
	return c.json(page, 200);
};
