import { isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';

/** gRPC status codes (grpc/status.proto), as @grpc/grpc-js numbers them. */
const grpcStatus = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, UNAVAILABLE: 14 } as const;

/** The error and the causes under it (ServiceError wraps the gRPC error as its cause). */
function* chain(error: unknown): Generator<unknown> {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    yield current;
    current = current instanceof Error ? (current as { cause?: unknown }).cause : undefined;
  }
}

function grpcCodes(error: unknown): number[] {
  return [...chain(error)].filter(isGrpcServiceError).map((e) => e.code);
}

/** Temporal says the workflow (or the execution asked about) does not exist. */
export function isTemporalNotFound(error: unknown): boolean {
  return error instanceof WorkflowNotFoundError || grpcCodes(error).includes(grpcStatus.NOT_FOUND);
}

/**
 * When the error means Temporal could not be reached or did not answer in time, what to tell
 * the client (answered 503); null for anything else.
 */
export function temporalUnavailable(error: unknown): string | null {
  const codes = grpcCodes(error);
  if (codes.includes(grpcStatus.UNAVAILABLE)) return 'Temporal is unavailable: try again later';
  if (codes.includes(grpcStatus.DEADLINE_EXCEEDED)) return 'Temporal did not answer in time: try again later';
  return null;
}
