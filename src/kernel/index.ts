export type * from './types.js';
export * from './errors.js';
export { RealKernel } from './real/real-kernel.js';
export { runCommand, spawnCounter, type CommandRunner } from './exec.js';
export * from './validate.js';
export {
  spawnInNetns,
  spawnPause,
  spawnInSandbox,
  signalProcess,
  processAlive,
  processRunning,
  validateHostname,
  type SpawnOptions,
} from './process.js';
export { FakeKernel, type ExecCall, type ExecHandler } from './fake/fake-kernel.js';
