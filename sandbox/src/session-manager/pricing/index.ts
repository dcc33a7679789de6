import type { Fleet, SearchRequest } from "../schemas";
import { priceDelivery } from "./delivery";
import { priceRent } from "./rent";
import { priceShuttle } from "./shuttle";
import { priceTaxi } from "./taxi";

/** How far in the past a requested time may lie (clock skew, slow forms) before it is refused. */
export const PAST_GRACE_MS = 5 * 60_000;

export type SearchOutcome =
	| { ok: true; fleets: Fleet[] }
	| { ok: false; code: "SEARCH_REJECTED"; detail: string };

function isPast(iso: string, now: Date): boolean {
	return Date.parse(iso) < now.getTime() - PAST_GRACE_MS;
}

/** Prices a search deterministically from its details; refuses times that already passed. */
export function search(request: SearchRequest, now: Date): SearchOutcome {
	switch (request.businessType) {
		case "TAXI":
			if (isPast(request.details.pickupAt, now)) {
				return { ok: false, code: "SEARCH_REJECTED", detail: "pickupAt is in the past." };
			}
			return { ok: true, fleets: priceTaxi(request.details) };
		case "RENT":
			if (isPast(request.details.startAt, now)) {
				return { ok: false, code: "SEARCH_REJECTED", detail: "startAt is in the past." };
			}
			return { ok: true, fleets: priceRent(request.details) };
		case "DELIVERY":
			return { ok: true, fleets: priceDelivery(request.details) };
		case "SHUTTLE": {
			const fleets = priceShuttle(request.details, new Date(now.getTime() - PAST_GRACE_MS));
			if (fleets.length === 0) {
				return {
					ok: false,
					code: "SEARCH_REJECTED",
					detail: `No departures left on ${request.details.date}.`,
				};
			}
			return { ok: true, fleets };
		}
	}
}
