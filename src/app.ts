import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./lib/app-env";
import { limitBody, notFoundOrNotAllowed, responseHeaders, traced } from "./lib/edge";
import { onError, validationError } from "./lib/errors";
import { bookingRoutes } from "./routes/bookings";
import { callbackRoutes } from "./routes/callbacks";
import { cartRoutes } from "./routes/carts";
import { docsRoutes } from "./routes/docs";
import { healthRoutes } from "./routes/health";
import { internalRoutes } from "./routes/internal";
import { orderItemRoutes } from "./routes/order-items";
import { orderRoutes } from "./routes/orders";
import { pageRoutes } from "./routes/pages";
import { paymentMethodRoutes } from "./routes/payment-methods";
import { promoRoutes } from "./routes/promos";
import { searchRoutes } from "./routes/searches";

/** Builds the public API: every route declared with zod-openapi, one error model. */
export function createApp(): OpenAPIHono<AppEnv> {
	const app = new OpenAPIHono<AppEnv>({
		defaultHook: (result) => {
			if (!result.success) {
				const prefix = result.target === "json" ? undefined : result.target;
				throw validationError(result.error.issues, prefix);
			}
		},
	});
	app.onError(onError);
	app.notFound(notFoundOrNotAllowed(app));
	app.use("*", traced, responseHeaders, limitBody);
	app.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", {
		type: "http",
		scheme: "bearer",
		bearerFormat: "JWT",
		description: "A customer JWT from the identity provider (locally: the sandbox's POST /auth/token).",
	});
	healthRoutes(app);
	searchRoutes(app);
	cartRoutes(app);
	promoRoutes(app);
	paymentMethodRoutes(app);
	orderRoutes(app);
	bookingRoutes(app);
	callbackRoutes(app);
	orderItemRoutes(app);
	internalRoutes(app);
	docsRoutes(app);
	pageRoutes(app);
	return app;
}
