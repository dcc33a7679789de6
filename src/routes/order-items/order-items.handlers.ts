import { historyRepository } from "../../db";
import type { OrderItem } from "../../domain/booking";
import type { BusinessType } from "../../domain/business";
import type { AppRouteHandler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { idPattern } from "../../lib/ids";
import { bookingStub } from "../bookings/booking-stub";
import type { ItemDetailRoute } from "./order-items.routes";

const ORDER_ITEM_ID = idPattern("oi");

function detailOf(bookingId: string, bookingStatus: string, item: OrderItem) {
	const { cartItemId: _line, id, timeline, unitPrice: _unit, ...rest } = item;
	return { itemId: id, bookingId, bookingStatus, ...rest, timeline: timeline ?? [] };
}

/** An order item of one business type, found through the history's item index, read live. */
export const itemDetail =
	(segment: string, businessType: BusinessType): AppRouteHandler<ItemDetailRoute> =>
	async (c) => {
		const { itemId } = c.req.valid("param");
		const notFound = new ApiError(
			"ORDER_ITEM_NOT_FOUND",
			`No ${segment} item ${itemId} exists for this customer.`,
		);
		const bookingId = ORDER_ITEM_ID.test(itemId)
			? await historyRepository(c.env).bookingIdOfItem(itemId)
			: undefined;
		if (!bookingId) throw notFound;
		const found = await bookingStub(c.env, bookingId).item(c.get("customerId"), itemId);
		if (!found.ok || found.item.businessType !== businessType) throw notFound;
		return c.json(detailOf(found.bookingId, found.bookingStatus, found.item), 200);
	};
