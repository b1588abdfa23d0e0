export type * from './types.js';
export { CniRuntime, type CniRuntimeOptions } from './runtime.js';
export { CniError, isCniError, isNetworkNotReady, CNI_CODE, type CniErrorCode } from './errors.js';
export { pluginExecIn, defaultPluginExec } from './exec.js';
export { SUPPORTED_VERSIONS } from './version.js';
export { FakePlugins, ok, failure, type FakePlugin, type FakeCall, type FakeAnswer } from './fake-plugins.js';
