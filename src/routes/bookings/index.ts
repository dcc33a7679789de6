import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import * as handlers from "./bookings.handlers";
import * as routes from "./bookings.routes";

export function bookingRoutes(app: OpenAPIHono<AppEnv>): void {
	app
		.openapi(routes.getBookingDetail, handlers.getBookingDetail)
		.openapi(routes.getPayment, handlers.getPayment)
		.openapi(routes.cancelBooking, handlers.cancelBooking)
		.openapi(routes.getOrderReceipt, handlers.getOrderReceipt)
		.openapi(routes.listBookings, handlers.listBookings);
}
