import type { OpenAPIHono } from "@hono/zod-openapi";
import { decodeCursor, historyRepository } from "../../db";
import type { AppEnv } from "../../lib/app-env";
import { ApiError } from "../../lib/errors";
import { cancelBooking, readBooking } from "./booking-stub";
import * as routes from "./bookings.routes";

export function bookingRoutes(app: OpenAPIHono<AppEnv>): void {
	app.openapi(routes.getBookingDetail, async (c) => {
		const { bookingId } = c.req.valid("param");
		return c.json(await readBooking(c.env, bookingId, c.get("customerId")), 200);
	});
	app.openapi(routes.getPayment, async (c) => {
		const { bookingId } = c.req.valid("param");
		return c.json((await readBooking(c.env, bookingId, c.get("customerId"))).payment, 200);
	});
	app.openapi(routes.cancelBooking, async (c) => {
		const { bookingId } = c.req.valid("param");
		return c.json(await cancelBooking(c.env, bookingId, c.get("customerId")), 200);
	});
	app.openapi(routes.getOrderReceipt, async (c) => {
		const { bookingId } = c.req.valid("param");
		const booking = await readBooking(c.env, bookingId, c.get("customerId"));
		if (booking.receipt) return c.json({ url: booking.receipt.url }, 200);
		if (booking.status === "COMPLETED") return c.json({ status: "PENDING" as const }, 202);
		throw new ApiError(
			"RECEIPT_NOT_AVAILABLE",
			`Booking ${bookingId} is ${booking.status}; a receipt exists once it is COMPLETED.`,
		);
	});
	app.openapi(routes.listBookings, async (c) => {
		const { status, cursor, limit } = c.req.valid("query");
		if (cursor !== undefined && !decodeCursor(cursor)) {
			throw new ApiError("VALIDATION_FAILED", "The cursor is not valid.", [
				{ path: "query.cursor", message: "Not a cursor this API issued" },
			]);
		}
		const page = await historyRepository(c.env).listBookings(c.get("customerId"), { status, cursor, limit });
		return c.json(page, 200);
	});
}
