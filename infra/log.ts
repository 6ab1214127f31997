/** Progress lines of the launcher and provisioning, prefixed so they stand out among child output. */
export function step(message: string): void {
  console.log(`[slaflow] ${message}`);
}

export function warn(message: string): void {
  console.warn(`[slaflow] warning: ${message}`);
}

export function seconds(sinceMs: number): string {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)}s`;
}
