import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../lib/app-env";
import * as handlers from "./carts.handlers";
import * as routes from "./carts.routes";

export function cartRoutes(app: OpenAPIHono<AppEnv>): void {
	app
		.openapi(routes.createCart, handlers.createCart)
		.openapi(routes.getCart, handlers.getCart)
		.openapi(routes.addCartItem, handlers.addCartItem)
		.openapi(routes.setQuantity, handlers.setQuantity)
		.openapi(routes.deleteCartItem, handlers.deleteCartItem)
		.openapi(routes.applyPromo, handlers.applyPromo)
		.openapi(routes.removePromo, handlers.removePromo);
}
