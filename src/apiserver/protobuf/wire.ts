import { malformed } from './errors.js';

/**
 * The protobuf wire format (protobuf.dev/programming-guides/encoding) as Kubernetes' gogo-protobuf
 * writes it: proto2, no zigzag (`sint*` is never used), no groups, repeated scalars unpacked.
 */

export const WireType = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

const WIRE_TYPES: ReadonlySet<number> = new Set(Object.values(WireType));

export interface Tag {
  readonly field: number;
  readonly wireType: WireType;
}

/** A cursor over one message's bytes; nested messages get their own reader over a subarray. */
export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** A base-128 varint as the unsigned 64-bit integer it encodes (at most 10 bytes). */
  varint(): bigint {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.buf.length) throw malformed('truncated varint');
      const byte = this.buf[this.pos++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, value);
    }
    throw malformed('varint longer than 10 bytes');
  }

  /** Tags and lengths: small non-negative numbers. */
  uint32(): number {
    const value = this.varint();
    if (value > 0xffffffffn) throw malformed(`value ${value} out of range for a tag or length`);
    return Number(value);
  }

  tag(): Tag {
    const key = this.uint32();
    const field = key >>> 3;
    const wireType = key & 7;
    if (field === 0) throw malformed('field number 0');
    if (!WIRE_TYPES.has(wireType)) throw malformed(`unsupported wire type ${wireType} for field ${field}`);
    return { field, wireType: wireType as WireType };
  }

  /** A length-delimited payload (string, bytes, embedded message, packed repeated scalars). */
  bytes(): Buffer {
    const length = this.uint32();
    return this.take(length);
  }

  fixed64(): Buffer {
    return this.take(8);
  }

  fixed32(): Buffer {
    return this.take(4);
  }

  private take(length: number): Buffer {
    if (this.pos + length > this.buf.length) {
      throw malformed(`${length} bytes announced but only ${this.buf.length - this.pos} left`);
    }
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
}

/** int32 fields: negative values are sign-extended to 10-byte varints (proto2 `int32`). */
export const toInt32 = (value: bigint): number => Number(BigInt.asIntN(32, value));

/** int64 fields as JSON numbers; Kubernetes' int64s (generations, seconds, uids) fit in 2^53. */
export function toInt64(value: bigint): number {
  const signed = BigInt.asIntN(64, value);
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw malformed(`int64 ${signed} does not fit in a JSON number without loss`);
  }
  return Number(signed);
}
