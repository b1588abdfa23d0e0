/**
 * Message tables: for each Kubernetes message, field number -> how the field reads and which JSON
 * key it becomes. The facts come from k8s.io/api and k8s.io/apimachinery v0.32 (`generated.proto`
 * for numbers and proto types, `types.go` for the Go type and json tag that decide omitempty).
 *
 * A field is written as a short spec string:
 *
 *   'name:string'      a value; dropped when zero ('' / 0 / false), as Go's `omitempty` does
 *   'name:int32*'      a Go pointer (*int32): gogo writes it only when set, so a zero is kept
 *   'name:int32!'      no `omitempty` in the json tag: kept when zero, and filled in when absent
 *   'name:string[]'    repeated (one wire entry per element)
 *   'name:map<Type>'   map<string, Type>: repeated entry messages {1 key, 2 value}
 *   'name:PodSpec'     an embedded message, by its bare name in the registry
 *   '...VolumeSource'  an embedded message inlined into its parent (json:",inline")
 *   'name:-'           known but not decoded here: refused with 415 like an unknown number
 *
 * Why zero handling matters: gogo-protobuf writes every non-pointer scalar, empty or not (e.g. an
 * ObjectMeta always carries `generateName: ""`), while Go's JSON encoder drops `omitempty` zeros.
 */

export const SCALAR_TYPES = ['string', 'bytes', 'int32', 'int64', 'bool', 'double'] as const;
export type ScalarType = (typeof SCALAR_TYPES)[number];

export type Presence = 'omitempty' | 'pointer' | 'always';

export interface FieldSpec {
  /** The JSON key; '' for an inlined message. */
  readonly name: string;
  /** A scalar type, a message name, or '-' (known, not decoded). */
  readonly type: string;
  readonly inline: boolean;
  readonly repeated: boolean;
  readonly map: boolean;
  readonly presence: Presence;
}

export interface MessageSchema {
  /** Bare message name, unique in a registry: `PodSpec`. */
  readonly name: string;
  /** Where Kubernetes defines it: `core/v1`, `meta/v1`; errors print `core/v1.PodSpec`. */
  readonly group: string;
  readonly fields: ReadonlyMap<number, FieldSpec>;
  /** Types whose JSON is not an object (metav1.Time, intstr.IntOrString, resource.Quantity). */
  readonly toJson?: (decoded: Readonly<Record<string, unknown>>) => unknown;
}

export type MessageTable = Readonly<Record<string, Readonly<Record<number, string>>>>;

export const isScalar = (type: string): type is ScalarType =>
  (SCALAR_TYPES as readonly string[]).includes(type);

export const qualifiedName = (schema: MessageSchema): string => `${schema.group}.${schema.name}`;

const FIELD_SPEC =
  /^(?:\.\.\.(?<inlined>\w+)|(?<name>\w+):(?:map<(?<mapped>\w+)>|(?<type>\w+|-))(?<list>\[\])?(?<mark>[!*])?)$/;

export function parseField(spec: string): FieldSpec {
  const groups = FIELD_SPEC.exec(spec)?.groups;
  if (groups === undefined) throw new Error(`invalid protobuf field spec ${JSON.stringify(spec)}`);
  const { inlined, name, mapped, type, list, mark } = groups;
  if (inlined !== undefined) {
    return { name: '', type: inlined, inline: true, repeated: false, map: false, presence: 'always' };
  }
  return {
    name: name!,
    type: (mapped ?? type)!,
    inline: false,
    repeated: list !== undefined,
    map: mapped !== undefined,
    presence: mark === '*' ? 'pointer' : mark === '!' ? 'always' : 'omitempty',
  };
}

/** One API group's messages from its table. */
export function messages(group: string, table: MessageTable): MessageSchema[] {
  return Object.entries(table).map(([name, fields]) => ({
    name,
    group,
    fields: new Map(Object.entries(fields).map(([number, spec]) => [Number(number), parseField(spec)])),
  }));
}

/** All messages the decoder knows, by bare name; built once by the composition (schemas/index.ts). */
export class Registry {
  private readonly byName = new Map<string, MessageSchema>();

  constructor(groups: readonly (readonly MessageSchema[])[]) {
    for (const schema of groups.flat()) {
      const previous = this.byName.get(schema.name);
      if (previous !== undefined) {
        throw new Error(`protobuf message ${schema.name} defined twice (${previous.group}, ${schema.group})`);
      }
      this.byName.set(schema.name, schema);
    }
  }

  get(name: string): MessageSchema {
    const schema = this.byName.get(name);
    if (schema === undefined) throw new Error(`protobuf message ${name} is referenced but has no table`);
    return schema;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  all(): MessageSchema[] {
    return [...this.byName.values()];
  }
}
