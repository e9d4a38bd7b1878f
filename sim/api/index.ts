/** Every REST route module of the simulator, registered in one place. */
import { SimRouter } from '../http/route.js';
import { registerAccessTokenRoutes } from './access-tokens.js';
import { registerActionRoutes } from './actions.js';
import { registerAssigneeRoutes } from './assignees.js';
import { registerBranchRoutes } from './branches.js';
import { registerCommitRoutes } from './commits.js';
import { registerContentRoutes } from './contents.js';
import { registerIssueAttachmentRoutes } from './issue-attachments.js';
import { registerIssueCommentRoutes } from './issue-comments.js';
import { registerIssueDependencyRoutes } from './issue-dependencies.js';
import { registerIssueRoutes } from './issues.js';
import { registerLabelRoutes } from './labels.js';
import { registerMilestoneRoutes } from './milestones.js';
import { registerMiscRoutes } from './misc.js';
import { registerNotificationRoutes } from './notifications.js';
import { registerOAuthAppRoutes } from './oauth-apps.js';
import { registerOrgRoutes } from './orgs.js';
import { registerPackageRoutes } from './packages.js';
import { registerPullReviewRoutes } from './pull-reviews.js';
import { registerPullRoutes } from './pulls.js';
import { registerReactionRoutes } from './reactions.js';
import { registerReleaseRoutes } from './releases.js';
import { registerRepoRoutes } from './repos.js';
import { registerStarWatchRoutes } from './stars-watches.js';
import { registerStatusRoutes } from './statuses.js';
import { registerTagRoutes } from './tags.js';
import { registerTimeRoutes } from './times.js';
import { registerUserRoutes } from './users.js';
import { registerWikiRoutes } from './wiki.js';

export function buildApiRouter(): SimRouter {
  const router = new SimRouter();
  registerMiscRoutes(router);
  registerUserRoutes(router);
  registerAccessTokenRoutes(router);
  registerOrgRoutes(router);
  // Before the repository routes: /repos/issues/search would otherwise read as repository "issues/search".
  // Comments before issues: /issues/comments would otherwise read as issue "comments".
  registerIssueCommentRoutes(router);
  registerIssueRoutes(router);
  registerIssueAttachmentRoutes(router);
  registerLabelRoutes(router);
  registerMilestoneRoutes(router);
  registerTimeRoutes(router);
  registerNotificationRoutes(router);
  registerRepoRoutes(router);
  registerContentRoutes(router);
  registerBranchRoutes(router);
  registerCommitRoutes(router);
  registerStatusRoutes(router);
  registerTagRoutes(router);
  registerPullRoutes(router);
  registerPullReviewRoutes(router);
  registerReleaseRoutes(router);
  registerWikiRoutes(router);
  registerActionRoutes(router);
  registerOAuthAppRoutes(router);
  registerPackageRoutes(router);
  registerReactionRoutes(router);
  registerIssueDependencyRoutes(router);
  registerAssigneeRoutes(router);
  registerStarWatchRoutes(router);
  return router;
}
