/** The Gitea simulator: public entry for the CLI and tests. */
export type { SimContext } from './context.js';
export type { Flavor } from './profile.js';
export type { SeededUser, SeedInfo } from './seed/index.js';
export { type RunningSimulator, type StartSimulatorOptions, startSimulator } from './server.js';
