import { describe, expect, it } from "vitest";
import { call, problem } from "./support";

describe("platform routes", () => {
	it("reports liveness and readiness", async () => {
		expect(await call("GET", "/health")).toMatchObject({ status: 200, body: { status: "ok" } });
		expect(await call("GET", "/health/ready")).toMatchObject({
			status: 200,
			body: { status: "ready", checks: { d1: "ok", durableObjects: "ok" } },
		});
	});

	it("serves OpenAPI 3.1 with the seed's operation ids", async () => {
		const res = await call("GET", "/openapi.json");
		expect(res.status).toBe(200);
		expect(res.body.openapi).toBe("3.1.0");
		const ids = Object.values(res.body.paths as Record<string, Record<string, { operationId: string }>>)
			.flatMap((item) => Object.values(item).map((op) => op.operationId))
			.sort();
		expect(ids).toEqual(
			[
				"AddCartItem",
				"ApplyPromo",
				"CallbackOrderItem",
				"CallbackPaymentInformation",
				"CallbackReceipt",
				"CancelBooking",
				"CancelOrderWeb",
				"CreateCart",
				"CreateOrder",
				"CreateOrderWeb",
				"GetBookingDetail",
				"GetBookingTimeline",
				"GetDeliveryDetail",
				"GetOrderReceipt",
				"GetRentDetail",
				"GetRideDetail",
				"GetShuttleDetail",
				"GetInternalBookingDetail",
				"GetOperationsSummary",
				"GetOrderDetailWeb",
				"GetOrderReceiptWeb",
				"GetPayment",
				"ListBookings",
				"ListDeadEvents",
				"ListPaymentMethods",
				"DeleteCartItem",
				"GetCart",
				"HealthCheck",
				"HealthCheckReady",
				"PreviewWebOrder",
				"PromoValidate",
				"RemovePromo",
				"ReplayDeadEvent",
				"RunOperatorAction",
				"SearchBookings",
				"SearchFleets",
				"SetQuantity",
				"WatchOrderWeb",
			].sort(),
		);
		expect(res.body.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
	});

	it("answers unknown routes with problem+json", async () => {
		const res = await call("GET", "/v1/nothing-here");
		expect(res.status).toBe(404);
		expect(res.body).toEqual(problem("NOT_FOUND", 404, { detail: "No route for GET /v1/nothing-here." }));
	});
});
