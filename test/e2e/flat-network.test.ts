import { useTempHome } from './support/lab-fixture.js';
import { flatNetworkSuite } from './flat-network-suite.js';

/** Issue "pods across nodes": the flat-network guarantees on both backends (one lab each, in turn). */
useTempHome();
flatNetworkSuite('vxlan');
flatNetworkSuite('host-gw');
