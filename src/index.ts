import { createApp } from "./app";
import { consumeBookingEvents } from "./queue/booking-events";

export { BookingDO } from "./durable/booking";
export { CartDO } from "./durable/cart";
export { CustomerDO } from "./durable/customer";
export { SagaDO } from "./durable/saga";

const app = createApp();

export default {
	fetch: app.fetch,
	queue: consumeBookingEvents,
} satisfies ExportedHandler<Env>;
