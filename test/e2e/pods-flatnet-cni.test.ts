import { useTempHome } from './support/lab-fixture.js';
import { podsOnANode } from './pods-on-a-node.js';

useTempHome();
podsOnANode('flatnet');
