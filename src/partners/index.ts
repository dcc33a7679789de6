import { configOf } from "../lib/config";
import { PaymentProcessorClient } from "./payment-processor";
import { PromoGatewayClient } from "./promo-gateway";
import { SessionManagerClient } from "./session-manager";
import { upstream } from "./upstream";

/** Upstream clients built from the worker's configuration. */
export function sessionManager(env: Env): SessionManagerClient {
	const config = configOf(env);
	return new SessionManagerClient(
		upstream("session manager", config.sessionManagerUrl, config.upstreamTimeoutMs),
	);
}

export function promoGateway(env: Env): PromoGatewayClient {
	const config = configOf(env);
	return new PromoGatewayClient(upstream("promo gateway", config.promoGatewayUrl, config.upstreamTimeoutMs));
}

export function paymentProcessor(env: Env): PaymentProcessorClient {
	const config = configOf(env);
	return new PaymentProcessorClient(
		upstream("payment processor", config.paymentProcessorUrl, config.upstreamTimeoutMs),
	);
}
