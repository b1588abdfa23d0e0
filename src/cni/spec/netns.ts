import { stat, statfs } from 'node:fs/promises';

/**
 * What CNI_NETNS points at. The reference plugins open it with ns.GetNS, which checks that the file
 * lives on nsfs; we do the same with statfs, and refuse the plugin's own namespace as libcni's skel
 * does ("plugin's netns and netns from CNI_NETNS should not be the same").
 */
export type NetnsState = 'netns' | 'missing' | 'not-netns' | 'own';

// NSFS_MAGIC from include/uapi/linux/magic.h.
const NSFS_MAGIC = 0x6e736673;

export type NetnsInspector = (path: string) => Promise<NetnsState>;

export const inspectNetns: NetnsInspector = async (path) => {
  try {
    const fs = await statfs(path);
    if (fs.type !== NSFS_MAGIC) return 'not-netns';
    const [target, own] = await Promise.all([stat(path), stat('/proc/self/ns/net')]);
    return target.ino === own.ino && target.dev === own.dev ? 'own' : 'netns';
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
    throw err;
  }
};
