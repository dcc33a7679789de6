import { bookingOf, cartOf } from "../../durable/stubs";
import { ApiError } from "../../lib/errors";
import { idPattern } from "../../lib/ids";

const BOOKING_ID = idPattern("bkg");

const notFound = (bookingId: string) =>
	new ApiError("BOOKING_NOT_FOUND", `No booking ${bookingId} exists for this customer.`);

/** The booking's Durable Object; a malformed id is simply a booking that does not exist. */
export function bookingStub(env: Env, bookingId: string) {
	if (!BOOKING_ID.test(bookingId)) throw notFound(bookingId);
	return bookingOf(env, bookingId);
}

/** Reads a booking as its owner; anyone else gets the same 404 as for a missing booking. */
export async function readBooking(env: Env, bookingId: string, ownerId: string) {
	const outcome = await bookingStub(env, bookingId).read(ownerId);
	if (!outcome.ok) throw notFound(bookingId);
	return outcome.booking;
}

export async function cancelBooking(env: Env, bookingId: string, ownerId: string) {
	const outcome = await bookingStub(env, bookingId).cancel(ownerId);
	if (outcome.ok) {
		// The customer may want to change the cart right away; the outbox does this too, idempotently.
		await cartOf(env, outcome.booking.cartId).reopen(bookingId);
		return outcome.booking;
	}
	if (outcome.code === "BOOKING_NOT_CANCELABLE") {
		throw new ApiError(
			"BOOKING_NOT_CANCELABLE",
			`Booking ${bookingId} is ${outcome.booking.status}; only an unpaid booking can be canceled.`,
		);
	}
	throw notFound(bookingId);
}
