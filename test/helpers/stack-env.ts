/**
 * End-to-end tests run against the real servers that `npm test` started (or that the caller points
 * at with TEMPORAL_ADDRESS and DATABASE_URL). Without them the test fails and says so: it never
 * quietly skips.
 */
export function requireStackEnv(): { temporalAddress: string; namespace: string; databaseUrl: string } {
  const temporalAddress = process.env.TEMPORAL_ADDRESS;
  const databaseUrl = process.env.DATABASE_URL;
  if (!temporalAddress || !databaseUrl) {
    throw new Error('end-to-end tests need TEMPORAL_ADDRESS and DATABASE_URL: run them with `npm test`');
  }
  return { temporalAddress, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', databaseUrl };
}
