import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runToCompletion } from '../process/children';
import { onPath } from '../temporal/find-executable';

/**
 * Certificates for the cluster's mTLS profile, made on the spot with the openssl CLI: a CA, the
 * frontend's certificate (for `localhost` and the nodes' addresses) and a client certificate
 * signed by it, and a client certificate from another CA that the frontend must refuse. Throwaway
 * keys for a loopback cluster, never for production.
 */
export interface ClusterCertificates {
  caFile: string;
  serverCertFile: string;
  serverKeyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  /** Signed by a CA the frontend does not trust. */
  strangerCertFile: string;
  strangerKeyFile: string;
}

function openssl(args: string[]): void {
  runToCompletion('openssl', args, { quiet: true });
}

function issue(dir: string, name: string, subject: string, ca: { cert: string; key: string }, extensions: string): { cert: string; key: string } {
  const key = join(dir, `${name}.key`);
  const csr = join(dir, `${name}.csr`);
  const cert = join(dir, `${name}.pem`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, extensions);
  openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', subject]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '30', '-out', cert, '-extfile', ext]);
  return { cert, key };
}

function authority(dir: string, name: string): { cert: string; key: string } {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.pem`);
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '30',
    '-subj',
    `/CN=${name}`,
  ]);
  return { cert, key };
}

/** The files makeClusterCertificates wrote in `dir`. */
export function certificateFiles(dir: string): ClusterCertificates {
  return {
    caFile: join(dir, 'slaflow-cluster-ca.pem'),
    serverCertFile: join(dir, 'frontend.pem'),
    serverKeyFile: join(dir, 'frontend.key'),
    clientCertFile: join(dir, 'client.pem'),
    clientKeyFile: join(dir, 'client.key'),
    strangerCertFile: join(dir, 'stranger.pem'),
    strangerKeyFile: join(dir, 'stranger.key'),
  };
}

export function makeClusterCertificates(dir: string, hosts: string[]): ClusterCertificates {
  if (!onPath('openssl')) throw new Error('the cluster mTLS profile makes its certificates with the openssl CLI, which is not on PATH');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const ca = authority(dir, 'slaflow-cluster-ca');
  const altNames = ['DNS:localhost', ...hosts.map((host) => `IP:${host}`)].join(',');
  const server = issue(dir, 'frontend', '/CN=localhost', ca, `subjectAltName=${altNames}\nextendedKeyUsage=serverAuth,clientAuth\n`);
  const client = issue(dir, 'client', '/CN=slaflow', ca, 'extendedKeyUsage=clientAuth\n');
  const strangerCa = authority(dir, 'stranger-ca');
  const stranger = issue(dir, 'stranger', '/CN=stranger', strangerCa, 'extendedKeyUsage=clientAuth\n');
  const files = certificateFiles(dir);
  const made = [ca.cert, server.cert, server.key, client.cert, client.key, stranger.cert, stranger.key];
  const named = [
    files.caFile,
    files.serverCertFile,
    files.serverKeyFile,
    files.clientCertFile,
    files.clientKeyFile,
    files.strangerCertFile,
    files.strangerKeyFile,
  ];
  if (made.some((file, index) => file !== named[index])) throw new Error('certificate files are not where certificateFiles says');
  return files;
}
