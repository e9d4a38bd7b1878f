/** Every route module's samples; add yours here. Order matters: writes run in this order. */
import { accountSamples } from './accounts.js';
import { actionSamples, orgActionSamples } from './actions.js';
import { contentSamples } from './contents.js';
import { attachmentAndPackageSamples, issueSamples, statusSamples } from './issues.js';
import { miscSamples } from './misc.js';
import { oauthAppSamples } from './oauth-apps.js';
import { pullSamples } from './pulls.js';
import { releaseSamples } from './releases.js';
import { repoSamples } from './repos.js';
import { socialSamples } from './social.js';
import type { RouteSample } from './types.js';
import { wikiSamples } from './wiki.js';

export const ALL_SAMPLES: RouteSample[] = [
  ...miscSamples,
  ...accountSamples,
  ...repoSamples,
  ...contentSamples,
  ...pullSamples,
  ...releaseSamples,
  ...wikiSamples,
  ...actionSamples,
  ...orgActionSamples,
  ...oauthAppSamples,
  ...issueSamples,
  ...attachmentAndPackageSamples,
  ...statusSamples,
  ...socialSamples,
];
