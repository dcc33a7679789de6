import { createRoute, z } from "@hono/zod-openapi";
import { customerOrGuest } from "../../lib/auth";
import { limitGuests } from "../../lib/rate-limit";
import { json, optionalBearerAuth, problems } from "../shared/responses";
import {
	BusinessTypeSchema,
	DeliverySearchSchema,
	FareComponentSchema,
	RentSearchSchema,
	ShuttleSearchSchema,
	TaxiSearchSchema,
} from "../shared/schemas";

export const SearchBody = z
	.discriminatedUnion("businessType", [
		z.object({ businessType: z.literal("TAXI"), details: TaxiSearchSchema }),
		z.object({ businessType: z.literal("RENT"), details: RentSearchSchema }),
		z.object({ businessType: z.literal("DELIVERY"), details: DeliverySearchSchema }),
		z.object({ businessType: z.literal("SHUTTLE"), details: ShuttleSearchSchema }),
	])
	.openapi("SearchFleetsRequest");

export const FleetSchema = z
	.object({
		fleetId: z.string().openapi({ example: "taxi-regular" }),
		name: z.string().openapi({ example: "Taxi Regular" }),
		unitPrice: z.number().int().openapi({ description: "Price of one unit (IDR).", example: 85000 }),
		fareComponents: z.array(FareComponentSchema),
		attributes: z
			.record(z.string(), z.unknown())
			.optional()
			.openapi({ description: "Fleet-specific facts; for SHUTTLE: routeId, departureAt, seatsAvailable." }),
	})
	.openapi("Fleet");

export const SearchResponse = z
	.object({
		sessionId: z.string().openapi({ example: "ses_9a8b7c" }),
		businessType: BusinessTypeSchema,
		expiresAt: z
			.string()
			.openapi({ description: "When the quotes expire.", example: "2026-12-01T08:15:00.000Z" }),
		fleets: z.array(FleetSchema),
	})
	.openapi("SearchFleetsResponse");

export const searchFleets = createRoute({
	method: "post",
	path: "/v1/searches",
	operationId: "SearchFleets",
	summary: "Search fleets and get priced quotes",
	description:
		"Asks the Session Manager for fleets serving these details. The returned `sessionId` and a `fleetId` are what AddCartItem (or CreateOrderWeb) needs; quotes expire at `expiresAt`. Guests may search without a token: 30 searches a minute per client address, then 429 with `Retry-After`. With a token, the customer's searches are not limited this way; a bad token is 401 all the same.",
	tags: ["Search"],
	security: optionalBearerAuth,
	middleware: [customerOrGuest(limitGuests("searches", "searches"))],
	request: { body: { required: true, content: { "application/json": { schema: SearchBody } } } },
	responses: {
		200: json(SearchResponse, "Quotes for each fleet"),
		...problems(
			"UNAUTHORIZED",
			"RATE_LIMITED",
			"SEARCH_REJECTED",
			"UPSTREAM_UNAVAILABLE",
			"UPSTREAM_INVALID",
		),
	},
});
