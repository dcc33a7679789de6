import { configOf } from "../lib/config";
import { ConfigServiceClient } from "./config-service";
import { DocumentGeneratorClient } from "./documents";
import { GeoClient } from "./geo";
import { NotificationClient } from "./notifications";
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

export function notifications(env: Env): NotificationClient {
	const config = configOf(env);
	return new NotificationClient(
		upstream("notification service", config.notificationUrl, config.upstreamTimeoutMs),
	);
}

export function documentGenerator(env: Env): DocumentGeneratorClient {
	const config = configOf(env);
	return new DocumentGeneratorClient(
		upstream("document generator", config.documentGeneratorUrl, config.upstreamTimeoutMs),
	);
}

export function geo(env: Env): GeoClient {
	const config = configOf(env);
	return new GeoClient(upstream("geo service", config.geoServiceUrl, config.upstreamTimeoutMs));
}

/** The Config Service answers fast or not at all: a slow one must not hold up an order. */
export function configService(env: Env): ConfigServiceClient {
	const config = configOf(env);
	return new ConfigServiceClient(
		upstream("config service", config.configServiceUrl, Math.min(config.upstreamTimeoutMs, 2_000)),
	);
}
