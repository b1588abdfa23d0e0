import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CNI_CODE, CniError } from './errors.js';
import type { CacheEntry } from './types.js';

export const CACHE_KIND = 'cniCacheV1';
const RESULTS_DIR = 'results';

/**
 * libcni's result cache: one JSON file per attachment at `<cacheDir>/results/<net>-<cid>-<ifname>`,
 * mode 0600 in a 0700 directory (it holds CNI_ARGS and capability args). Written to a temporary
 * name and renamed, so a crash never leaves a half-written entry that DEL would misread.
 */
export class ResultCache {
  constructor(private readonly cacheDir: string) {}

  path(networkName: string, containerId: string, ifName: string): string {
    return join(this.cacheDir, RESULTS_DIR, `${networkName}-${containerId}-${ifName}`);
  }

  async write(entry: CacheEntry): Promise<void> {
    const dir = join(this.cacheDir, RESULTS_DIR);
    const file = this.path(entry.networkName, entry.containerId, entry.ifName);
    const temp = join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await writeFile(temp, JSON.stringify(entry), { mode: 0o600 });
      await rename(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw new CniError(
        'ECNI_STATE',
        {
          cniCode: CNI_CODE.io,
          msg: `failed to set network ${JSON.stringify(entry.networkName)} cached result`,
          details: String(err),
        },
        { cause: err },
      );
    }
  }

  /** The entry, or undefined when there is none or it is unreadable (libcni ignores those too). */
  async read(networkName: string, containerId: string, ifName: string): Promise<CacheEntry | undefined> {
    const text = await readFile(this.path(networkName, containerId, ifName), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : decodeEntry(text);
  }

  async remove(networkName: string, containerId: string, ifName: string): Promise<void> {
    await rm(this.path(networkName, containerId, ifName), { force: true });
  }

  /**
   * Every readable entry, sorted by file name, optionally only one attachment's (any network).
   * As in libcni GetCachedAttachments, the file name is only a hint; the content decides.
   */
  async list(filter?: { containerId: string; ifName: string }): Promise<CacheEntry[]> {
    const dir = join(this.cacheDir, RESULTS_DIR);
    const names = await readdir(dir).catch(() => [] as string[]);
    const suffix = filter ? `-${filter.containerId}-${filter.ifName}` : '';
    const entries: CacheEntry[] = [];
    for (const name of names.filter((n) => !n.startsWith('.') && n.endsWith(suffix)).sort()) {
      const text = await readFile(join(dir, name), 'utf8').catch(() => undefined);
      const entry = text === undefined ? undefined : decodeEntry(text);
      if (!entry || !entry.networkName || !entry.ifName) continue;
      if (filter && (entry.containerId !== filter.containerId || entry.ifName !== filter.ifName)) continue;
      entries.push(entry);
    }
    return entries;
  }
}

function decodeEntry(text: string): CacheEntry | undefined {
  try {
    const entry = JSON.parse(text) as CacheEntry;
    return entry?.kind === CACHE_KIND ? entry : undefined;
  } catch {
    return undefined;
  }
}

/** The conflist stored in an entry (base64, as Go marshals libcni's `Config []byte`). */
export const entryConfig = (entry: CacheEntry): string =>
  Buffer.from(entry.config, 'base64').toString('utf8');
export const encodeConfig = (bytes: string): string => Buffer.from(bytes, 'utf8').toString('base64');
