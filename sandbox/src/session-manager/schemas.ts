import { z } from "zod";

export const BusinessType = z.enum(["TAXI", "RENT", "DELIVERY", "SHUTTLE"]);
export type BusinessType = z.infer<typeof BusinessType>;

const IsoDateTime = z.iso.datetime({ offset: true });

export const Place = z.object({
	lat: z.number().min(-90).max(90),
	lng: z.number().min(-180).max(180),
	address: z.string().min(1).max(500),
});
export type Place = z.infer<typeof Place>;

const Party = Place.extend({
	name: z.string().min(1).max(200),
	phone: z.string().min(3).max(32),
});

export const TaxiDetails = z.object({ pickup: Place, dropoff: Place, pickupAt: IsoDateTime });
export type TaxiDetails = z.infer<typeof TaxiDetails>;

export const RentDetails = z
	.object({
		city: z.string().min(1).max(100),
		startAt: IsoDateTime,
		endAt: IsoDateTime,
		withDriver: z.boolean(),
	})
	.refine((d) => Date.parse(d.endAt) > Date.parse(d.startAt), {
		path: ["endAt"],
		message: "endAt must be after startAt",
	});
export type RentDetails = z.infer<typeof RentDetails>;

export const DeliveryDetails = z.object({
	sender: Party,
	recipient: Party,
	package: z.object({
		weightKg: z.number().gt(0).max(1000),
		description: z.string().max(500).optional(),
	}),
});
export type DeliveryDetails = z.infer<typeof DeliveryDetails>;

export const ShuttleDetails = z
	.object({
		origin: z.string().trim().min(1).max(100),
		destination: z.string().trim().min(1).max(100),
		date: z.iso.date(),
	})
	.refine((d) => d.origin.toLowerCase() !== d.destination.toLowerCase(), {
		path: ["destination"],
		message: "destination must differ from origin",
	});
export type ShuttleDetails = z.infer<typeof ShuttleDetails>;

/** A search request: the details' shape is chosen by `businessType`. */
export const SearchBody = z.discriminatedUnion("businessType", [
	z.object({ businessType: z.literal("TAXI"), details: TaxiDetails }),
	z.object({ businessType: z.literal("RENT"), details: RentDetails }),
	z.object({ businessType: z.literal("DELIVERY"), details: DeliveryDetails }),
	z.object({ businessType: z.literal("SHUTTLE"), details: ShuttleDetails }),
]);
export type SearchRequest = z.infer<typeof SearchBody>;

export type FareComponent = { code: string; amount: number };

export type ShuttleAttributes = { routeId: string; departureAt: string; seatsAvailable: number };

/** One priced offer. Its fare components always sum to `unitPrice` (integer IDR). */
export type Fleet = {
	fleetId: string;
	name: string;
	unitPrice: number;
	fareComponents: FareComponent[];
	attributes?: Record<string, string | number | boolean>;
};

/** A quote as stored in its SessionDO. */
export type StoredSession = {
	sessionId: string;
	businessType: BusinessType;
	details: SearchRequest["details"];
	createdAt: string;
	expiresAt: string;
	fleets: Fleet[];
};
