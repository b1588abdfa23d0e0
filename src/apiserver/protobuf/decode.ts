import { malformed, unsupportedField } from './errors.js';
import type { FieldSpec, MessageSchema, Registry, ScalarType } from './schema.js';
import { isScalar, qualifiedName } from './schema.js';
import type { WireType } from './wire.js';
import { WireReader, toInt32, toInt64 } from './wire.js';

/**
 * Table-driven decoding of one message into the JSON object Go's encoding/json would write for the
 * same Go struct. A field number missing from the table is an error, never skipped: a silently
 * dropped field would be a silently changed object.
 */

type JsonObject = Record<string, unknown>;

const EXPECTED_WIRE: Readonly<Record<ScalarType, WireType>> = {
  string: 2,
  bytes: 2,
  int32: 0,
  int64: 0,
  bool: 0,
  double: 1,
};

const ZERO: Readonly<Record<ScalarType, unknown>> = {
  string: '',
  bytes: '',
  int32: 0,
  int64: 0,
  bool: false,
  double: 0,
};

export function decodeMessage(registry: Registry, name: string, bytes: Buffer): unknown {
  const schema = registry.get(name);
  const out: JsonObject = {};
  const reader = new WireReader(bytes);
  while (!reader.done) {
    const { field, wireType } = reader.tag();
    const spec = schema.fields.get(field);
    if (spec === undefined || spec.type === '-') {
      throw unsupportedField(qualifiedName(schema), field, spec?.name);
    }
    readField(registry, { schema, field, spec }, wireType, reader, out);
  }
  fillRequired(schema, out);
  return schema.toJson ? schema.toJson(out) : out;
}

function readField(
  registry: Registry,
  where: Where,
  wireType: WireType,
  reader: WireReader,
  out: JsonObject,
): void {
  const { spec } = where;
  if (spec.inline) {
    Object.assign(out, decodeMessage(registry, spec.type, lengthDelimited(where, wireType, reader)));
  } else if (spec.map) {
    addEntry(registry, where, out, lengthDelimited(where, wireType, reader));
  } else if (spec.repeated) {
    addElements(registry, where, out, wireType, reader);
  } else {
    setSingle(out, spec, readValue(registry, where, spec.type, wireType, reader));
  }
}

interface Where {
  readonly schema: MessageSchema;
  readonly field: number;
  readonly spec: FieldSpec;
}

function expectWire(where: Where, actual: WireType, expected: WireType): void {
  if (actual !== expected) {
    const name = where.spec.name === '' ? where.spec.type : where.spec.name;
    throw malformed(
      `field ${where.field} (${name}) of ${qualifiedName(where.schema)} has wire type ${actual}, expected ${expected}`,
    );
  }
}

function lengthDelimited(where: Where, wireType: WireType, reader: WireReader): Buffer {
  expectWire(where, wireType, 2);
  return reader.bytes();
}

function readValue(
  registry: Registry,
  where: Where,
  type: string,
  wireType: WireType,
  reader: WireReader,
): unknown {
  if (!isScalar(type)) return decodeMessage(registry, type, lengthDelimited(where, wireType, reader));
  expectWire(where, wireType, EXPECTED_WIRE[type]);
  switch (type) {
    case 'string':
      return reader.bytes().toString('utf8');
    case 'bytes':
      // Go's encoding/json writes []byte as standard base64 (Secret.data, ConfigMap.binaryData).
      return reader.bytes().toString('base64');
    case 'int32':
      return toInt32(reader.varint());
    case 'int64':
      return toInt64(reader.varint());
    case 'bool':
      return reader.varint() !== 0n;
    case 'double':
      return reader.fixed64().readDoubleLE(0);
  }
}

/** Omitempty drops '' / 0 / false; pointers and non-omitempty fields keep them. Messages always stay. */
function setSingle(out: JsonObject, spec: FieldSpec, value: unknown): void {
  const isZero = value === '' || value === 0 || value === false;
  if (spec.presence === 'omitempty' && isZero && isScalar(spec.type)) delete out[spec.name];
  else out[spec.name] = value;
}

function addElements(
  registry: Registry,
  where: Where,
  out: JsonObject,
  wireType: WireType,
  reader: WireReader,
): void {
  const list = (out[where.spec.name] ??= []) as unknown[];
  const type = where.spec.type;
  // Packed encoding (one length-delimited run of varints): proto3 writers use it, gogo's proto2 does not.
  if (isScalar(type) && EXPECTED_WIRE[type] !== 2 && wireType === 2) {
    const packed = new WireReader(reader.bytes());
    while (!packed.done) list.push(readValue(registry, where, type, EXPECTED_WIRE[type], packed));
    return;
  }
  list.push(readValue(registry, where, type, wireType, reader));
}

/** A map entry message {1 key, 2 value}; a missing value is the value type's zero (Go's map read). */
function addEntry(registry: Registry, where: Where, out: JsonObject, entry: Buffer): void {
  const reader = new WireReader(entry);
  let key = '';
  let value: unknown;
  while (!reader.done) {
    const tag = reader.tag();
    if (tag.field === 1) key = readValue(registry, where, 'string', tag.wireType, reader) as string;
    else if (tag.field === 2) value = readValue(registry, where, where.spec.type, tag.wireType, reader);
    else throw unsupportedField(`${qualifiedName(where.schema)}.${where.spec.name} map entry`, tag.field);
  }
  const type = where.spec.type;
  value ??= isScalar(type) ? ZERO[type] : decodeMessage(registry, type, Buffer.alloc(0));
  ((out[where.spec.name] ??= {}) as JsonObject)[key] = value;
}

/** Go always writes a non-omitempty scalar, so one absent on the wire is its zero value. */
function fillRequired(schema: MessageSchema, out: JsonObject): void {
  for (const spec of schema.fields.values()) {
    if (spec.presence === 'always' && !spec.inline && !spec.repeated && !spec.map && isScalar(spec.type)) {
      if (!(spec.name in out)) out[spec.name] = ZERO[spec.type];
    }
  }
}
