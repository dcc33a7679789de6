import { PAYMENT_METHODS, STRATEGIES } from "../../domain/payment-methods";
import type { AppRouteHandler } from "../../lib/app-route";
import { settingsOf } from "../../lib/settings";
import type * as routes from "./payment-methods.routes";

export const listPaymentMethods: AppRouteHandler<typeof routes.listPaymentMethods> = async (c) => {
	const { methods } = await settingsOf(c.env);
	return c.json(
		{
			methods: PAYMENT_METHODS.map((method) => ({
				method,
				enabled: methods[method].enabled,
				needsPaymentLink: STRATEGIES[method].needsLink,
				maxConcurrentBookings: methods[method].maxConcurrentBookings,
				...(methods[method].disabledMessage ? { disabledMessage: methods[method].disabledMessage } : {}),
			})),
		},
		200,
	);
};
