/**
 * Repository topics as Gitea validates and stores them
 * (models/repo/topic.go): lower-cased, trimmed, de-duplicated, at most 25 per
 * repository, each matching `^[a-z0-9][-.a-z0-9]*$` and at most 35 characters.
 */
import type { SimContext } from '../context.js';
import type { SimRepo } from '../state.js';

const TOPIC_PATTERN = /^[a-z0-9][-.a-z0-9]*$/;
/** Gitea's MaxTopicsPerRepo. */
export const MAX_TOPICS_PER_REPO = 25;

/** True when `name` (already lower-cased and trimmed) is a valid topic. */
export function isValidTopic(name: string): boolean {
  return TOPIC_PATTERN.test(name) && name.length <= 35;
}

/** Gitea's SanitizeAndValidateTopics: the cleaned list and the invalid entries. */
export function sanitizeTopics(raw: readonly string[]): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const t of raw) {
    const name = t.trim().toLowerCase();
    if (name === '' || valid.includes(name)) continue;
    if (isValidTopic(name)) valid.push(name);
    else invalid.push(name);
  }
  return { valid, invalid };
}

/** Replaces a repository's topics, creating topic rows as needed; stored sorted by name like Gitea. */
export function setRepoTopics(sim: SimContext, repo: SimRepo, names: readonly string[]): void {
  const now = sim.now();
  for (const name of names) {
    const row = sim.state.topics.get(name);
    if (row) row.updated = now;
    else sim.state.topics.set(name, { id: sim.state.nextId('topic'), name, created: now, updated: now });
  }
  repo.topics = [...new Set(names)].sort();
}

/** How many repositories carry `name`. */
export function topicRepoCount(sim: SimContext, name: string): number {
  let n = 0;
  for (const r of sim.state.repos.values()) if (r.topics.includes(name)) n++;
  return n;
}
