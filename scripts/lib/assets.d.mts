export function vendorAssets(): void;
