import { createRoute, z } from "@hono/zod-openapi";
import type { BusinessType } from "../../domain/business";
import { requireCustomer } from "../../lib/auth";
import { bearerAuth, json, problems } from "../shared/responses";
import {
	BusinessTypeSchema,
	FareComponentSchema,
	idParam,
	PersonSchema,
	VehicleSchema,
} from "../shared/schemas";

export const ItemDetail = z
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

const ItemParams = z.object({ itemId: idParam("itemId", "oi_7Yh3Kd9QbX2mR5tN8vC1pZ") });

/** One detail route per business type (the seed's GetRideDetail, GetRentDetail, ...). */
const KINDS = [
	["ride", "TAXI", "GetRideDetail", "A taxi ride"],
	["rent", "RENT", "GetRentDetail", "A car rental"],
	["delivery", "DELIVERY", "GetDeliveryDetail", "A delivery"],
	["shuttle", "SHUTTLE", "GetShuttleDetail", "Shuttle seats"],
] as const satisfies ReadonlyArray<readonly [string, BusinessType, string, string]>;

const detailRoute = (segment: string, operationId: string, summary: string) =>
	createRoute({
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

export type ItemDetailRoute = ReturnType<typeof detailRoute>;

export const itemDetailRoutes = KINDS.map(([segment, businessType, operationId, summary]) => ({
	segment,
	businessType,
	route: detailRoute(segment, operationId, summary),
}));
