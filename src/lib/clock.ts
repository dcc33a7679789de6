/** Time is injected everywhere so expiry and backoff are testable without sleeping. */
export interface Clock {
	now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
