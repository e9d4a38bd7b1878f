/** Every route module's samples; add yours here. Order matters: writes run in this order. */
import { miscSamples } from './misc.js';
import type { RouteSample } from './types.js';

export const ALL_SAMPLES: RouteSample[] = [...miscSamples];
