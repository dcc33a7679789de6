import type { AppRouteHandler } from "../../lib/app-route";
import { ApiError } from "../../lib/errors";
import { sessionManager } from "../../partners";
import { problemOf } from "../shared/upstream";
import type { searchFleets as route } from "./searches.routes";

export const searchFleets: AppRouteHandler<typeof route> = async (c) => {
	const { businessType, details } = c.req.valid("json");
	const reply = await sessionManager(c.env).search(businessType, details);
	if (reply.ok) return c.json(reply.value, 200);
	// The Session Manager's own refusal (a place it does not serve, a date in the past) says why.
	if (reply.kind === "rejected") throw new ApiError("SEARCH_REJECTED", reply.detail, reply.errors);
	throw problemOf(reply);
};
