/** The building blocks of the models: wire types picked from the swagger ones, and the shapes their schemas must match. */
import { z } from 'zod';

/** Every field of T possibly absent or null, as Gitea sends them (omitempty, nil pointers). */
export type Wire<T> = { [K in keyof T]?: T[K] | null };

/**
 * Nested objects replaced by their own picked types; the keys must be fields
 * of T, so a field the swagger file renames fails here.
 */
export type Nested<T, N extends { [K in keyof N]: K extends keyof T ? unknown : never }> = {
  [K in keyof N]?: N[K] | null;
};

/** A zod shape for W: one schema per field, none missing, none extra (used with `satisfies`). */
export type WireShape<W> = { [K in keyof Required<W>]: z.ZodType<W[K]> };

export const str = () => z.string().nullish();
export const num = () => z.number().nullish();
export const bool = () => z.boolean().nullish();
