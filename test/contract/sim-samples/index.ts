/** Every route module's samples; add yours here. Order matters: writes run in this order. */
import { accountSamples } from './accounts.js';
import { contentSamples } from './contents.js';
import { miscSamples } from './misc.js';
import { repoSamples } from './repos.js';
import type { RouteSample } from './types.js';

export const ALL_SAMPLES: RouteSample[] = [...miscSamples, ...accountSamples, ...repoSamples, ...contentSamples];
