import { CNI_CODE, CniError, isCniError } from '../spec/errors.js';
import type { CniRequest, Plugin } from '../spec/plugin-main.js';
import { parseIpamConfig, type Attachment, type IpamConfig } from './config.js';
import { ipamAdd, ipamCheck, ipamDel, ipamGc, ipamStatus } from './ipam.js';
import type { Store } from './store.js';

export interface IpamDeps {
  /** The store of one network (DiskStore in the executable, FakeStore in tests). */
  openStore(conf: IpamConfig): Store;
  log?(line: string): void;
}

const owner = (req: CniRequest<IpamConfig>): Attachment => ({
  containerId: req.env.containerId,
  ifname: req.env.ifname,
});

/** File-system failures (EACCES, ENOTDIR, EROFS, ...) are SPEC.md code 5, "I/O failure". */
async function withIoErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (isCniError(err) || typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    throw new CniError(CNI_CODE.IO_FAILURE, 'IPAM store I/O failure', String(err), { cause: err });
  }
}

/** flatnet-ipam: host-local semantics and on-disk format, plus GC and STATUS. */
export function ipamPlugin(deps: IpamDeps): Plugin<IpamConfig> {
  return {
    about: 'flatnet-ipam: host-local compatible IPv4 address management (CNI 0.3.0-1.1.0)',
    parse: parseIpamConfig,
    add: (req) => withIoErrors(ipamAdd(req.conf, owner(req), deps.openStore(req.conf))),
    del: (req) => withIoErrors(ipamDel(owner(req), deps.openStore(req.conf))),
    check: (req) => withIoErrors(ipamCheck(owner(req), deps.openStore(req.conf))),
    gc: async (req) => {
      const released = await withIoErrors(ipamGc(req.conf.validAttachments ?? [], deps.openStore(req.conf)));
      if (released.length > 0) deps.log?.(`flatnet-ipam: GC released ${released.join(' ')}\n`);
    },
    status: (req) => ipamStatus(req.conf, deps.openStore(req.conf)),
  };
}
