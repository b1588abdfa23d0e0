/**
 * What a strategic merge patch needs to know about a type: for each field, the `patchStrategy` and
 * `patchMergeKey` struct tags Kubernetes declares on it (k8s.io/api), and the schema of the struct
 * (or list element) below it. Fields not listed behave as untagged Go fields: objects merge key by
 * key, lists are replaced whole.
 */
export interface FieldPatchMeta {
  /** `merge`: merge lists (by `mergeKey` for lists of objects, as a set for scalars). `replace`: never merge. */
  readonly strategy?: 'merge' | 'replace';
  /** The key that identifies a list item (`name` for containers). Lists of objects need it to merge. */
  readonly mergeKey?: string;
  /**
   * Declared `retainKeys` (union types such as volume sources): only matters when computing
   * patches, which kubectl does; applying honours a `$retainKeys` directive wherever it appears.
   */
  readonly retainKeys?: boolean;
  /** Schema of the value, or of each item for lists. */
  readonly fields?: PatchSchema;
}

export interface PatchSchema {
  readonly [field: string]: FieldPatchMeta | undefined;
}

/** No tags anywhere: every list is replaced (Kubernetes' behaviour for untagged fields). */
export const GENERIC_SCHEMA: PatchSchema = {};

const NO_META: FieldPatchMeta = {};

export function fieldMeta(schema: PatchSchema, field: string): FieldPatchMeta {
  return (Object.hasOwn(schema, field) ? schema[field] : undefined) ?? NO_META;
}

export const subSchema = (meta: FieldPatchMeta): PatchSchema => meta.fields ?? GENERIC_SCHEMA;

/** A list merged by key, the common case: `merge` strategy, `patchMergeKey`. */
export const mergeByKey = (mergeKey: string, fields?: PatchSchema): FieldPatchMeta => ({
  strategy: 'merge',
  mergeKey,
  ...(fields === undefined ? {} : { fields }),
});

/** A list of scalars merged as a set (e.g. metadata.finalizers). */
export const mergeAsSet: FieldPatchMeta = { strategy: 'merge' };

/** A nested struct whose own fields carry tags. */
export const struct = (fields: PatchSchema): FieldPatchMeta => ({ fields });
