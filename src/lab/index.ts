export * from './config.js';
export * from './naming.js';
export { planLab, labHosts, type LabHost, type LabPlan } from './plan.js';
export { labUp, labDown, labDownAll, LabExistsError, type LabDeps } from './lifecycle.js';
export { labStatus, type LabStatus, type HostStatus } from './status.js';
export { readState, labDir, flatnetHome, type LabState } from './state.js';
export { underlayMatrix, formatMatrix, type Probe } from './connectivity.js';
