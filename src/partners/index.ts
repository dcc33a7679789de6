import { configOf } from "../lib/config";
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
