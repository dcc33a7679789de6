import type { CartItem } from "../../domain/cart";
import { quoteMismatches } from "../../domain/quote";
import { ApiError } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { sessionManager } from "../../partners";
import type { QuotedFleet } from "../../partners/session-manager";
import { answered } from "../shared/upstream";
import type { AddCartItemInput } from "./carts.schemas";

/** Prices the line from the Session Manager's quote and checks it quotes what is being added. */
export async function pricedItem(env: Env, input: AddCartItemInput): Promise<CartItem> {
	const lookup = answered(await sessionManager(env).fleet(input.sessionId, input.fleetId));
	if (!lookup.found) {
		if (lookup.code === "SESSION_EXPIRED") {
			throw new ApiError(
				"QUOTE_EXPIRED",
				`Search session ${input.sessionId} expired; search again for a fresh price.`,
			);
		}
		if (lookup.code === "FLEET_NOT_FOUND") {
			throw new ApiError(
				"FLEET_NOT_FOUND",
				`Fleet ${input.fleetId} is not part of search session ${input.sessionId}.`,
			);
		}
		throw new ApiError("SESSION_NOT_FOUND", `Search session ${input.sessionId} does not exist.`);
	}
	const { quote } = lookup;
	checkQuote(quote, input);
	return {
		id: newId("item"),
		businessType: input.businessType,
		fleetId: quote.fleet.fleetId,
		name: quote.fleet.name,
		quantity: input.quantity,
		unitPrice: quote.fleet.unitPrice,
		amount: quote.fleet.unitPrice * input.quantity,
		details: input.details,
		fareComponents: quote.fleet.fareComponents,
		sessionId: quote.sessionId,
		quoteExpiresAt: quote.expiresAt,
	};
}

function checkQuote(quote: QuotedFleet, input: AddCartItemInput): void {
	if (Date.parse(quote.expiresAt) <= Date.now()) {
		throw new ApiError(
			"QUOTE_EXPIRED",
			`Search session ${input.sessionId} expired; search again for a fresh price.`,
		);
	}
	if (quote.businessType !== input.businessType) {
		throw new ApiError(
			"BUSINESS_TYPE_MISMATCH",
			`Search session ${input.sessionId} is for ${quote.businessType}, not ${input.businessType}.`,
			[{ path: "businessType", message: `Must be ${quote.businessType}` }],
		);
	}
	const mismatches = quoteMismatches(
		input.businessType,
		quote.details,
		input.details,
		quote.fleet.attributes,
	);
	if (mismatches.length > 0) {
		throw new ApiError(
			"DETAILS_MISMATCH",
			"The item's details differ from what the search priced; search again with these details.",
			mismatches.map((path) => ({ path, message: "Differs from the searched value" })),
		);
	}
}
