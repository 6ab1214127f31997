import { ServiceError } from '@temporalio/client';
import { Client } from 'pg';
import { createServer, type AddressInfo } from 'node:net';
import { QueryFailedError, TypeORMError } from 'typeorm';
import { dependencyOutage } from '../../api/common/dependency-errors';

/** A gRPC error as @grpc/grpc-js makes them (what isGrpcServiceError recognises). */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

/** A PostgreSQL server error as pg raises it, wrapped by TypeORM as a repository call would. */
function serverError(code: string, message: string): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], Object.assign(new Error(message), { code, severity: 'FATAL' }));
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('dependencyOutage: which errors are a 503 and name which dependency', () => {
  it('recognises a real refused PostgreSQL connection, without the address in the message', async () => {
    const port = await closedPort();
    const client = new Client({ host: '127.0.0.1', port, user: 'nobody', database: 'none' });
    const refused = await client.connect().then(
      () => new Error('connected to a closed port'),
      (error: unknown) => error,
    );
    expect(dependencyOutage(refused)).toEqual({ dependency: 'postgresql', message: 'PostgreSQL is unavailable: connection refused' });
  });

  it.each([
    [serverError('57P01', 'terminating connection due to administrator command'), 'the server is shutting down (57P01)'],
    [serverError('57P03', 'the database system is starting up'), 'the server is not accepting connections yet (57P03)'],
    [serverError('08006', 'connection failure'), 'connection exception (08006)'],
    [serverError('08P01', 'protocol violation'), 'connection exception (08P01)'],
    [new Error('Connection terminated unexpectedly'), 'connection terminated'],
    [
      new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated unexpectedly') }),
      'connection timed out',
    ],
    [new Error('timeout exceeded when trying to connect'), 'no connection available in time'],
    [new Error('Client has encountered a connection error and is not queryable'), 'connection lost'],
    [new TypeORMError('Driver not Connected'), 'not connected since the API started'],
    [new QueryFailedError('SELECT 1', [], Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })), 'connection reset'],
  ])('PostgreSQL: %s', (error, reason) => {
    expect(dependencyOutage(error)).toEqual({ dependency: 'postgresql', message: `PostgreSQL is unavailable: ${reason}` });
  });

  it('recognises Temporal unreachable or not answering in time, under the ServiceError that wraps it', () => {
    expect(dependencyOutage(new ServiceError('Failed to query workflow', { cause: grpcError(14, 'No connection established') }))).toEqual({
      dependency: 'temporal',
      message: 'Temporal is unavailable: try again later',
    });
    expect(dependencyOutage(grpcError(4, 'Deadline exceeded'))).toEqual({
      dependency: 'temporal',
      message: 'Temporal did not answer in time: try again later',
    });
  });

  it('leaves everything else to be a 500: query errors, other gRPC codes, plain errors', () => {
    expect(dependencyOutage(serverError('23505', 'duplicate key value violates unique constraint'))).toBeNull();
    expect(dependencyOutage(serverError('42P01', 'relation "nothing" does not exist'))).toBeNull();
    expect(dependencyOutage(grpcError(3, 'invalid argument'))).toBeNull();
    expect(dependencyOutage(new TypeError('x is undefined'))).toBeNull();
    expect(dependencyOutage('a string')).toBeNull();
  });
});
