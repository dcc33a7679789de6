import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { historyRepository } from "../../db";
import type { OrderItem } from "../../domain/booking";
import type { BusinessType } from "../../domain/business";
import type { AppEnv } from "../../lib/app-env";
import { requireCustomer } from "../../lib/auth";
import { ApiError } from "../../lib/errors";
import { bookingStub } from "../bookings/booking-stub";
import { bearerAuth, json, problems } from "../shared/responses";
import {
	BusinessTypeSchema,
	FareComponentSchema,
	idParam,
	PersonSchema,
	VehicleSchema,
} from "../shared/schemas";

const ItemDetail = z
	.object({
		itemId: z.string(),
		bookingId: z.string(),
		bookingStatus: z.string(),
		businessType: BusinessTypeSchema,
		fleetId: z.string(),
		name: z.string(),
		status: z.string().openapi({
			description: "PENDING, BOOKING, BOOKED, BOOK_FAILED, IN_PROGRESS, DONE, CANCELING or CANCELED.",
		}),
		partnerRef: z.string().optional().openapi({ description: "The partner's booking reference." }),
		partnerStatus: z
			.string()
			.optional()
			.openapi({ description: "The partner's last status (DRIVER_ASSIGNED, PICKED_UP, …)." }),
		quantity: z.number().int(),
		amount: z.number().int(),
		details: z.record(z.string(), z.unknown()),
		passenger: PersonSchema.optional(),
		vehicle: VehicleSchema.optional(),
		fareComponents: z.array(FareComponentSchema),
		timeline: z
			.array(z.object({ status: z.string(), at: z.string(), source: z.string() }))
			.openapi({ description: "Every status with when and who reported it." }),
	})
	.openapi("OrderItemDetail");

const KINDS = [
	["ride", "TAXI", "GetRideDetail", "A taxi ride"],
	["rent", "RENT", "GetRentDetail", "A car rental"],
	["delivery", "DELIVERY", "GetDeliveryDetail", "A delivery"],
	["shuttle", "SHUTTLE", "GetShuttleDetail", "Shuttle seats"],
] as const satisfies ReadonlyArray<readonly [string, BusinessType, string, string]>;

const ItemParams = z.object({ itemId: idParam("itemId", "oi_7Yh3Kd9QbX2mR5tN8vC1pZ") });

function detailOf(bookingId: string, bookingStatus: string, item: OrderItem) {
	const { cartItemId: _line, id, timeline, unitPrice: _unit, ...rest } = item;
	return { itemId: id, bookingId, bookingStatus, ...rest, timeline: timeline ?? [] };
}

export function orderItemRoutes(app: OpenAPIHono<AppEnv>): void {
	for (const [segment, businessType, operationId, summary] of KINDS) {
		const route = createRoute({
			method: "get",
			path: `/v1/order-items/{itemId}/${segment}`,
			operationId,
			summary: `${summary}: partner reference, status history, vehicle and driver, fares`,
			tags: ["Order item"],
			security: bearerAuth,
			middleware: [requireCustomer],
			request: { params: ItemParams },
			responses: {
				200: json(ItemDetail, "The order item"),
				...problems("UNAUTHORIZED", "ORDER_ITEM_NOT_FOUND"),
			},
		});
		app.openapi(route, async (c) => {
			const { itemId } = c.req.valid("param");
			const notFound = new ApiError(
				"ORDER_ITEM_NOT_FOUND",
				`No ${segment} item ${itemId} exists for this customer.`,
			);
			const bookingId = /^oi_[0-9A-Za-z]{22}$/.test(itemId)
				? await historyRepository(c.env).bookingIdOfItem(itemId)
				: undefined;
			if (!bookingId) throw notFound;
			const found = (await bookingStub(c.env, bookingId).item(c.get("customerId"), itemId)) as
				| { ok: true; bookingId: string; bookingStatus: string; item: OrderItem }
				| { ok: false };
			if (!found.ok || found.item.businessType !== businessType) throw notFound;
			return c.json(detailOf(found.bookingId, found.bookingStatus, found.item), 200);
		});
	}
}
