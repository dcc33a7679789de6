import { createRoute } from "@hono/zod-openapi";
import { requireCustomer } from "../../lib/auth";
import { bearerAuth, json, problems } from "../shared/responses";
import {
	AddCartItemBody,
	AddCartItemResponse,
	ApplyPromoBody,
	CartIdParams,
	CartSchema,
	IdempotencyHeaders,
	ItemIdParams,
	SetQuantityBody,
} from "./carts.schemas";

const tags = ["Cart"];
const base = { tags, security: bearerAuth, middleware: [requireCustomer] };
const body = <T>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

export const createCart = createRoute({
	...base,
	method: "post",
	path: "/v1/carts",
	operationId: "CreateCart",
	summary: "Create a cart",
	description:
		"Opens an empty cart owned by the caller. With an Idempotency-Key, a retry returns the same cart.",
	request: { headers: IdempotencyHeaders },
	responses: { 201: json(CartSchema, "The new cart"), ...problems("UNAUTHORIZED", "IDEMPOTENCY_KEY_REUSED") },
});

export const getCart = createRoute({
	...base,
	method: "get",
	path: "/v1/carts/{cartId}",
	operationId: "GetCart",
	summary: "Get a cart with its items and pricing",
	request: { params: CartIdParams },
	responses: {
		200: json(CartSchema, "The cart"),
		...problems("UNAUTHORIZED", "CART_NOT_FOUND", "CART_EXPIRED"),
	},
});

export const addCartItem = createRoute({
	...base,
	method: "post",
	path: "/v1/carts/{cartId}/items",
	operationId: "AddCartItem",
	summary: "Add an item priced by a search session",
	description:
		"The price comes from the Session Manager's quote for `sessionId`/`fleetId`, never from the client; the details must match what was searched. Each add makes its own line; a cart holds at most 50 lines.",
	request: { params: CartIdParams, headers: IdempotencyHeaders, body: body(AddCartItemBody) },
	responses: {
		201: json(AddCartItemResponse, "The cart and the new line's id"),
		...problems(
			"UNAUTHORIZED",
			"CART_NOT_FOUND",
			"CART_EXPIRED",
			"CART_FULL",
			"CART_NOT_OPEN",
			"IDEMPOTENCY_KEY_REUSED",
			"QUOTE_EXPIRED",
			"SESSION_NOT_FOUND",
			"FLEET_NOT_FOUND",
			"BUSINESS_TYPE_MISMATCH",
			"DETAILS_MISMATCH",
			"UPSTREAM_UNAVAILABLE",
			"UPSTREAM_INVALID",
		),
	},
});

export const setQuantity = createRoute({
	...base,
	method: "patch",
	path: "/v1/carts/{cartId}/items/{itemId}",
	operationId: "SetQuantity",
	summary: "Change a line's quantity",
	request: { params: ItemIdParams, body: body(SetQuantityBody) },
	responses: {
		200: json(CartSchema, "The cart"),
		...problems("UNAUTHORIZED", "CART_NOT_FOUND", "CART_EXPIRED", "CART_NOT_OPEN", "ITEM_NOT_FOUND"),
	},
});

export const deleteCartItem = createRoute({
	...base,
	method: "delete",
	path: "/v1/carts/{cartId}/items/{itemId}",
	operationId: "DeleteCartItem",
	summary: "Remove a line",
	request: { params: ItemIdParams },
	responses: {
		200: json(CartSchema, "The cart"),
		...problems("UNAUTHORIZED", "CART_NOT_FOUND", "CART_EXPIRED", "CART_NOT_OPEN", "ITEM_NOT_FOUND"),
	},
});

export const applyPromo = createRoute({
	...base,
	method: "put",
	path: "/v1/carts/{cartId}/promo",
	operationId: "ApplyPromo",
	summary: "Apply a promo code",
	description:
		"Validates the code with the Promo Gateway and applies it. The discount is recalculated on every cart change; a promo that stops applying is dropped and `promo.reason` says why.",
	request: { params: CartIdParams, body: body(ApplyPromoBody) },
	responses: {
		200: json(CartSchema, "The cart with the discount"),
		...problems(
			"UNAUTHORIZED",
			"CART_NOT_FOUND",
			"CART_EXPIRED",
			"CART_NOT_OPEN",
			"PROMO_UNKNOWN",
			"PROMO_EXPIRED",
			"PROMO_NOT_APPLICABLE",
			"UPSTREAM_UNAVAILABLE",
			"UPSTREAM_INVALID",
		),
	},
});

export const removePromo = createRoute({
	...base,
	method: "delete",
	path: "/v1/carts/{cartId}/promo",
	operationId: "RemovePromo",
	summary: "Remove the promo code",
	description: "Removes the applied (or dropped) promo. Removing when there is none is a no-op.",
	request: { params: CartIdParams },
	responses: {
		200: json(CartSchema, "The cart"),
		...problems("UNAUTHORIZED", "CART_NOT_FOUND", "CART_EXPIRED", "CART_NOT_OPEN"),
	},
});
