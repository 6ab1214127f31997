import { chmodSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runToCompletion } from '../process/children';

/**
 * Temporal's own download service, the same one the SDK uses (`temporal.download`): it answers a
 * small JSON document naming the archive and the file inside it. On machines that reach only
 * package registries this fails fast (DNS or connection refused, or the short timeout), and the
 * caller falls back to building from the registries.
 */
const downloadTimeoutMs = 5_000;

interface DownloadInfo {
  archiveUrl: string;
  fileToExtract: string;
}

function platformParams(): { platform: string; arch: string } {
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'windows' }[process.platform as string];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  if (!platform || !arch) throw new Error(`no official Temporal build for ${process.platform}/${process.arch}`);
  return { platform, arch };
}

/** Downloads `artifact` (`cli` or `temporal-test-server`) at `version` into `destination`. */
export async function officialDownload(
  artifact: string,
  version: string,
  destination: string,
  extraParams: Record<string, string> = {},
): Promise<void> {
  const { platform, arch } = platformParams();
  const params = new URLSearchParams({ platform, arch, format: 'tar.gz', ...extraParams });
  const infoResponse = await fetch(`https://temporal.download/${artifact}/${version}?${params}`, {
    signal: AbortSignal.timeout(downloadTimeoutMs),
  });
  if (!infoResponse.ok) throw new Error(`download info for ${artifact}: HTTP ${infoResponse.status}`);
  const info = (await infoResponse.json()) as DownloadInfo;

  const archive = await fetch(info.archiveUrl, { signal: AbortSignal.timeout(120_000) });
  if (!archive.ok) throw new Error(`download of ${info.archiveUrl}: HTTP ${archive.status}`);
  const workDir = mkdtempSync(join(tmpdir(), 'slaflow-download-'));
  try {
    const archivePath = join(workDir, 'archive.tar.gz');
    writeFileSync(archivePath, Buffer.from(await archive.arrayBuffer()));
    runToCompletion('tar', ['-xzf', archivePath, '-C', workDir, info.fileToExtract]);
    mkdirSync(dirname(destination), { recursive: true });
    renameSync(join(workDir, info.fileToExtract), destination);
    chmodSync(destination, 0o755);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
