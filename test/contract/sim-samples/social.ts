/**
 * Samples for reactions, issue dependencies, assignee and reviewer
 * candidates, stargazers, watchers and the watch itself. They run last, on
 * the seeded alice/hello-world: issues #3 and #4, comment 1; bob writes,
 * carol reads.
 */
import type { RouteSample } from './types.js';

const H = '/repos/alice/hello-world';
const HW = { owner: 'alice', repo: 'hello-world' };

const reactionSamples: RouteSample[] = [
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/reactions',
    path: `${H}/issues/3/reactions`,
    as: 'bob',
    json: { content: 'heart' },
    status: 201,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/reactions',
    path: `${H}/issues/3/reactions`,
    as: 'bob',
    json: { content: 'heart' },
    status: 200,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/issues/{index}/reactions',
    path: `${H}/issues/3/reactions`,
    status: 200,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/reactions',
    path: `${H}/issues/3/reactions`,
    as: 'bob',
    json: { content: 'heart' },
    status: 200,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/comments/{id}/reactions',
    path: `${H}/issues/comments/1/reactions`,
    as: 'carol',
    json: { content: '+1' },
    status: 201,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/issues/comments/{id}/reactions',
    path: `${H}/issues/comments/1/reactions`,
    status: 200,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/comments/{id}/reactions',
    path: `${H}/issues/comments/1/reactions`,
    as: 'carol',
    json: { content: '+1' },
    status: 200,
  },
];

const dependencySamples: RouteSample[] = [
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/dependencies',
    path: `${H}/issues/3/dependencies`,
    as: 'bob',
    json: { ...HW, index: 4 },
    status: 201,
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/issues/{index}/dependencies',
    path: `${H}/issues/3/dependencies`,
    status: 200,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/issues/{index}/blocks', path: `${H}/issues/4/blocks`, status: 200 },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/dependencies',
    path: `${H}/issues/3/dependencies`,
    as: 'bob',
    json: { ...HW, index: 4 },
    status: 201,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/{index}/blocks',
    path: `${H}/issues/4/blocks`,
    as: 'bob',
    json: { ...HW, index: 3 },
    status: 201,
  },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/issues/{index}/blocks',
    path: `${H}/issues/4/blocks`,
    as: 'bob',
    json: { ...HW, index: 3 },
    status: 201,
  },
];

const peopleSamples: RouteSample[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}/assignees', path: `${H}/assignees`, as: 'carol', status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/reviewers', path: `${H}/reviewers`, as: 'carol', status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/stargazers', path: `${H}/stargazers`, status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/subscribers', path: `${H}/subscribers`, status: 200 },
  { method: 'PUT', route: '/repos/{owner}/{repo}/subscription', path: `${H}/subscription`, as: 'carol', status: 200 },
  { method: 'GET', route: '/repos/{owner}/{repo}/subscription', path: `${H}/subscription`, as: 'carol', status: 200 },
  {
    method: 'DELETE',
    route: '/repos/{owner}/{repo}/subscription',
    path: `${H}/subscription`,
    as: 'carol',
    status: 204,
  },
];

export const socialSamples: RouteSample[] = [...reactionSamples, ...dependencySamples, ...peopleSamples];
