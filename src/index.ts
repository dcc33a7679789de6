import { createApp } from "./app";
import { ConfigError, configOf } from "./lib/config";
import { badEnvironment } from "./lib/errors";
import { traceOfRequest, withTrace } from "./lib/trace";
import { consumeQueue } from "./queue/consumer";

export { BookingDO } from "./durable/booking";
export { CartDO } from "./durable/cart";
export { CustomerDO } from "./durable/customer";
export { SagaDO } from "./durable/saga";

const app = createApp();

export default {
	fetch(request, env, ctx) {
		// The configuration is checked once per isolate, before any route: a bad variable is named.
		try {
			configOf(env);
		} catch (error) {
			if (!(error instanceof ConfigError)) throw error;
			const trace = traceOfRequest(request.headers);
			const response = withTrace(trace, () => badEnvironment(error));
			response.headers.set("x-request-id", trace.requestId);
			return response;
		}
		return app.fetch(request, env, ctx);
	},
	queue: consumeQueue,
} satisfies ExportedHandler<Env>;
