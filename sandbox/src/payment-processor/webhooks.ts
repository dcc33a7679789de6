import { orchestratorTarget, type WebhookTarget } from "../lib/webhooks";

export { deliver } from "../lib/webhooks";

/** Payment webhooks go to the orchestrator's `/v1/callbacks/payment`, signed with PAYMENT_WEBHOOK_SECRET. */
export function webhookTarget(env: Env): WebhookTarget {
	return orchestratorTarget(
		env,
		"/v1/callbacks/payment",
		{ name: "PAYMENT_WEBHOOK_SECRET", value: env.PAYMENT_WEBHOOK_SECRET },
		"payment-processor",
	);
}
