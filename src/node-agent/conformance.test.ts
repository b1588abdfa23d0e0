import { FakeKernel } from '../kernel/index.js';
import { nodeAgentConformance } from './conformance.js';

nodeAgentConformance('FakeKernel', async () => ({
  kernel: new FakeKernel(),
  netnsPrefix: 'fake_',
  cleanup: async () => undefined,
}));
