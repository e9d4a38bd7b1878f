/**
 * Issue #14: `tools/list` is paid for in context by every session, so its size
 * has a budget (a size check, not a timing check): all toolsets with writes,
 * and the default set (read-only), measured as bytes of the JSON result.
 */
import { describe, expect, it } from 'vitest';
import { LISTING_BUDGET_BYTES, listingBytes } from '../../src/tools/docs.js';
import { ALL_TOOLS, buildToolRegistry } from '../../src/tools/index.js';

describe('tools/list context budget', () => {
  it('stays within budget with every toolset and writes on', () => {
    expect(listingBytes(ALL_TOOLS, { toolsets: ['all'], readOnly: false })).toBeLessThanOrEqual(
      LISTING_BUDGET_BYTES.all,
    );
  });

  it('stays within budget for the default set', () => {
    expect(listingBytes(ALL_TOOLS, { readOnly: true })).toBeLessThanOrEqual(LISTING_BUDGET_BYTES.default);
  });

  it('measures what the server sends', () => {
    const registry = buildToolRegistry(ALL_TOOLS, { toolsets: ['all'], readOnly: false });
    const bytes = new TextEncoder().encode(JSON.stringify({ tools: registry.listing })).length;
    expect(listingBytes(ALL_TOOLS, { toolsets: ['all'], readOnly: false })).toBe(bytes);
  });
});
