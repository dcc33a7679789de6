import { z } from "@hono/zod-openapi";
import { BUSINESS_TYPES } from "../../domain/business";
import { MAX_QUANTITY, MIN_QUANTITY } from "../../domain/cart";
import { ID_PATTERN, ID_RULE } from "../../lib/ids";

/** Every id a client, guest or partner sends (path, body, callback) is checked at the edge. */
export const idSchema = (description: string, example: string) =>
	z.string().regex(ID_PATTERN, ID_RULE).openapi({ description, example });

/** A path parameter holding an id. */
export const idParam = (name: string, example: string) =>
	z
		.string()
		.regex(ID_PATTERN, ID_RULE)
		.openapi({ param: { name, in: "path" }, example });

/** A promo code as customers type it (matched case-insensitively). */
export const PromoCodeSchema = z
	.string()
	.trim()
	.min(1)
	.max(50)
	.openapi({ description: "Promo code (case-insensitive).", example: "HEMAT10" });

export const BusinessTypeSchema = z
	.enum(BUSINESS_TYPES)
	.openapi("BusinessType", { description: "The service line an item belongs to.", example: "TAXI" });

const instant = (description: string, example: string) =>
	z.iso.datetime({ offset: true }).openapi({ description, example });

export const PlaceSchema = z
	.object({
		lat: z.number().min(-90).max(90).openapi({ description: "Latitude (WGS84).", example: -6.1754 }),
		lng: z.number().min(-180).max(180).openapi({ description: "Longitude (WGS84).", example: 106.8272 }),
		address: z
			.string()
			.trim()
			.min(1)
			.max(500)
			.openapi({ description: "Human-readable address.", example: "Monas, Jakarta" }),
	})
	.openapi("Place");

const name = z
	.string()
	.trim()
	.min(1)
	.max(100)
	.openapi({ description: "Full name.", example: "Budi Santoso" });
const phone = z
	.string()
	.regex(/^\+?[0-9]{6,15}$/, "Must be a phone number of 6 to 15 digits, optionally starting with +")
	.openapi({ description: "Phone number, digits with an optional leading +.", example: "+6281234567890" });

export const PartySchema = PlaceSchema.extend({ name, phone }).openapi("Party");
export const PersonSchema = z.object({ name, phone }).openapi("Person");

export const PackageSchema = z
	.object({
		weightKg: z.number().positive().max(1000).openapi({ description: "Weight in kilograms.", example: 2.5 }),
		description: z
			.string()
			.trim()
			.max(500)
			.optional()
			.openapi({ description: "What is in the package.", example: "Documents" }),
	})
	.openapi("Package");

const notes = z
	.string()
	.max(500)
	.optional()
	.openapi({ description: "Free-text notes passed to the partner.", example: "Please call on arrival" });

const withTimeOrder = <T extends { startAt: string; endAt: string }>(value: T, ctx: z.RefinementCtx) => {
	if (Date.parse(value.endAt) <= Date.parse(value.startAt)) {
		ctx.addIssue({ code: "custom", path: ["endAt"], message: "Must be after startAt" });
	}
};

const taxiSearch = {
	pickup: PlaceSchema,
	dropoff: PlaceSchema,
	pickupAt: instant("Pickup time.", "2026-12-01T08:00:00+07:00"),
};
const rentSearch = {
	city: z.string().trim().min(1).max(100).openapi({ description: "City of the rental.", example: "Jakarta" }),
	startAt: instant("Rental start.", "2026-12-01T08:00:00+07:00"),
	endAt: instant("Rental end.", "2026-12-03T08:00:00+07:00"),
	withDriver: z.boolean().openapi({ description: "Whether a driver comes with the car.", example: true }),
};
const deliverySearch = { sender: PartySchema, recipient: PartySchema, package: PackageSchema };

export const TaxiSearchSchema = z.object(taxiSearch).openapi("TaxiSearchDetails");
export const RentSearchSchema = z.object(rentSearch).superRefine(withTimeOrder).openapi("RentSearchDetails");
export const DeliverySearchSchema = z.object(deliverySearch).openapi("DeliverySearchDetails");
export const ShuttleSearchSchema = z
	.object({
		origin: z
			.string()
			.trim()
			.min(1)
			.max(100)
			.openapi({ description: "Origin city or stop.", example: "Jakarta" }),
		destination: z
			.string()
			.trim()
			.min(1)
			.max(100)
			.openapi({ description: "Destination city or stop.", example: "Bandung" }),
		date: z.iso.date().openapi({ description: "Travel date (YYYY-MM-DD).", example: "2026-12-01" }),
	})
	.openapi("ShuttleSearchDetails");

export const TaxiItemSchema = z
	.object({ ...taxiSearch, passenger: PersonSchema, notes })
	.openapi("TaxiItemDetails");
export const RentItemSchema = z
	.object({ ...rentSearch, notes })
	.superRefine(withTimeOrder)
	.openapi("RentItemDetails");
export const DeliveryItemSchema = z.object({ ...deliverySearch, notes }).openapi("DeliveryItemDetails");
export const ShuttleItemSchema = z
	.object({
		routeId: z
			.string()
			.trim()
			.min(1)
			.max(100)
			.openapi({ description: "Route from the search's fleet attributes.", example: "JKT-BDG" }),
		departureAt: instant("Departure time from the search's fleet attributes.", "2026-12-01T09:00:00+07:00"),
		notes,
	})
	.openapi("ShuttleItemDetails");

export const QuantitySchema = z
	.number()
	.int()
	.min(MIN_QUANTITY)
	.max(MAX_QUANTITY)
	.openapi({ description: `How many (${MIN_QUANTITY}–${MAX_QUANTITY}); for SHUTTLE, seats.`, example: 1 });

export const FareComponentSchema = z
	.object({
		code: z.string().openapi({ example: "BASE_FARE" }),
		amount: z.number().int().openapi({ description: "IDR.", example: 10000 }),
	})
	.openapi("FareComponent");

export const ProblemSchema = z
	.object({
		type: z.string().openapi({ example: "urn:order-orchestrator:problem:cart-not-found" }),
		title: z.string().openapi({ example: "Cart not found" }),
		status: z.number().int().openapi({ example: 404 }),
		detail: z.string().openapi({ example: "No cart cart_123 exists for this customer." }),
		code: z
			.string()
			.openapi({ description: "Stable machine-readable error code.", example: "CART_NOT_FOUND" }),
		errors: z
			.array(z.object({ path: z.string(), message: z.string() }))
			.optional()
			.openapi({ description: "Field errors for VALIDATION_FAILED." }),
		requestId: z.string().optional().openapi({
			description:
				"The request's X-Request-Id (the client's own when it sent a valid one): quote it when asking about this answer.",
			example: "0d7c8b4e-2f0b-4d55-9a3e-6f1d2b7c9a10",
		}),
	})
	.openapi("Problem");

export const VehicleSchema = z
	.object({
		plate: z.string().openapi({ example: "B 1234 XYZ" }),
		model: z.string().openapi({ example: "Toyota Avanza" }),
		color: z.string().optional(),
		driverName: z.string(),
		driverPhone: z.string(),
	})
	.openapi("Vehicle");
