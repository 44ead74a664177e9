// AMQP 0-9-1 wire codec: field tables (every type RabbitMQ's rabbit_binary_parser accepts), method
// arguments, content headers with property flags, and frames. Pure: no sockets, no broker.
//
// Field tables follow the broker's convention (src/broker/types.ts FieldValue): strings 'S', booleans 't',
// Uint8Array 'x', null 'V', arrays 'A', objects 'F' are plain JS values; every numeric type decodes to a
// typed value `{ $type, value }` (decimal: `{ $type: 'D', scale, value }`) so a round trip through the
// broker keeps the exact wire type. Plain JS numbers are encoded as the broker documents: integers 'I' when
// they fit in int32, else 'l'; other numbers 'd'. bigint → 'l', Date → 'T'.
import {
  BASIC_PROPERTIES,
  FRAME_BODY,
  FRAME_END,
  FRAME_HEADER,
  FRAME_HEARTBEAT,
  FRAME_METHOD,
  methodById,
  methodByName,
  type ArgType,
  type MethodSpec,
} from './spec';

export type FieldTypeCode = 't' | 'b' | 'B' | 's' | 'u' | 'I' | 'i' | 'l' | 'L' | 'f' | 'd' | 'D' | 'S' | 'x' | 'A' | 'T' | 'F' | 'V';

export type TypedValue =
  | { readonly $type: 'b' | 'B' | 's' | 'u' | 'I' | 'i' | 'l' | 'L' | 'T'; readonly value: number | bigint }
  | { readonly $type: 'f' | 'd'; readonly value: number }
  | { readonly $type: 'D'; readonly scale: number; readonly value: number };

export type FieldValue = string | number | bigint | boolean | null | Uint8Array | Date | TypedValue | FieldValue[] | FieldTable;
export interface FieldTable {
  [key: string]: FieldValue;
}

/** Malformed bytes: the server answers 501 FRAME_ERROR (RabbitMQ: "cannot decode …"), or `code`. */
export class DecodeError extends Error {
  constructor(
    message: string,
    readonly code: number = 501,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Writer

export class Writer {
  buf: Buffer;
  pos = 0;
  constructor(size = 256) {
    this.buf = Buffer.allocUnsafe(size);
  }
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = Buffer.allocUnsafe(size);
    this.buf.copy(b, 0, 0, this.pos);
    this.buf = b;
  }
  u8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
  }
  i8(v: number): void {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos);
    this.pos += 1;
  }
  u16(v: number): void {
    this.ensure(2);
    this.buf.writeUInt16BE(v & 0xffff, this.pos);
    this.pos += 2;
  }
  i16(v: number): void {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.buf.writeUInt32BE(v >>> 0, this.pos);
    this.pos += 4;
  }
  i32(v: number): void {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
  }
  u64(v: number | bigint): void {
    this.ensure(8);
    if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
      // no BigInt on the hot path (delivery tags)
      this.buf.writeUInt32BE(Math.floor(v / 4294967296), this.pos);
      this.buf.writeUInt32BE(v >>> 0, this.pos + 4);
    } else this.buf.writeBigUInt64BE(BigInt.asUintN(64, BigInt(v)), this.pos);
    this.pos += 8;
  }
  i64(v: number | bigint): void {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt.asIntN(64, BigInt(v)), this.pos);
    this.pos += 8;
  }
  f32(v: number): void {
    this.ensure(4);
    this.buf.writeFloatBE(v, this.pos);
    this.pos += 4;
  }
  f64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  shortstr(s: string | Buffer): void {
    const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    if (b.length > 255) throw new RangeError(`short string longer than 255 bytes (${b.length})`);
    this.u8(b.length);
    this.bytes(b);
  }
  longstr(s: string | Buffer): void {
    const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    this.u32(b.length);
    this.bytes(b);
  }
  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reader

export class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }
  need(n: number): void {
    if (this.pos + n > this.end) throw new DecodeError(`truncated: need ${n} bytes at offset ${this.pos}, have ${this.end - this.pos}`);
  }
  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }
  i8(): number {
    this.need(1);
    const v = this.buf.readInt8(this.pos);
    this.pos += 1;
    return v;
  }
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  i16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  u64(): number | bigint {
    this.need(8);
    const hi = this.buf.readUInt32BE(this.pos);
    if (hi < 0x200000) {
      const v = hi * 4294967296 + this.buf.readUInt32BE(this.pos + 4);
      this.pos += 8;
      return v;
    }
    const v = this.buf.readBigUInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  i64(): number | bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v;
  }
  f32(): number {
    this.need(4);
    const v = this.buf.readFloatBE(this.pos);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  shortstr(): string {
    const n = this.u8();
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  longstrBuf(): Buffer {
    const n = this.u32();
    return Buffer.from(this.bytes(n));
  }
  longstr(): string {
    const n = this.u32();
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Field tables

function decodeFieldValue(r: Reader, depth: number): FieldValue {
  const code = r.u8();
  switch (code) {
    case 0x74 /* t */:
      return r.u8() !== 0;
    case 0x62 /* b */:
      return { $type: 'b', value: r.i8() };
    case 0x42 /* B */:
      return { $type: 'B', value: r.u8() };
    case 0x73 /* s */:
      return { $type: 's', value: r.i16() };
    case 0x75 /* u */:
      return { $type: 'u', value: r.u16() };
    case 0x49 /* I */:
      return { $type: 'I', value: r.i32() };
    case 0x69 /* i */:
      return { $type: 'i', value: r.u32() };
    case 0x6c /* l */:
      return { $type: 'l', value: r.i64() };
    case 0x4c /* L */:
      return { $type: 'L', value: r.u64() };
    case 0x54 /* T */:
      return { $type: 'T', value: r.u64() };
    case 0x66 /* f */:
      return { $type: 'f', value: r.f32() };
    case 0x64 /* d */:
      return { $type: 'd', value: r.f64() };
    case 0x44 /* D */: {
      const scale = r.u8();
      const value = r.u32();
      return { $type: 'D', scale, value };
    }
    case 0x53 /* S */:
      return r.longstr();
    case 0x78 /* x */:
      return r.longstrBuf();
    case 0x46 /* F */: {
      const n = r.u32();
      r.need(n);
      const t = decodeTableAt(r.buf, r.pos, r.pos + n, depth + 1);
      r.pos += n;
      return t;
    }
    case 0x41 /* A */: {
      const n = r.u32();
      r.need(n);
      const a = decodeArrayAt(r.buf, r.pos, r.pos + n, depth + 1);
      r.pos += n;
      return a;
    }
    case 0x56 /* V */:
      return null;
    default:
      // rabbit_binary_parser has no clause for it: the method cannot be decoded.
      throw new DecodeError(`unknown field type 0x${code.toString(16)}`);
  }
}

const MAX_DEPTH = 100;

function decodeTableAt(buf: Buffer, start: number, end: number, depth: number): FieldTable {
  if (depth > MAX_DEPTH) throw new DecodeError('field table nested too deeply');
  const r = new Reader(buf, start, end);
  const t: FieldTable = {};
  while (r.pos < end) {
    const k = r.shortstr();
    const v = decodeFieldValue(r, depth);
    if (k === '__proto__') Object.defineProperty(t, k, { value: v, enumerable: true, writable: true, configurable: true });
    else t[k] = v;
  }
  return t;
}

function decodeArrayAt(buf: Buffer, start: number, end: number, depth: number): FieldValue[] {
  if (depth > MAX_DEPTH) throw new DecodeError('field array nested too deeply');
  const r = new Reader(buf, start, end);
  const a: FieldValue[] = [];
  while (r.pos < end) a.push(decodeFieldValue(r, depth));
  return a;
}

/** Decodes a field table body (without its 4-byte length). */
export function decodeTable(buf: Buffer): FieldTable {
  return decodeTableAt(buf, 0, buf.length, 0);
}

function encodeFieldValue(w: Writer, v: unknown): void {
  switch (typeof v) {
    case 'string':
      w.u8(0x53);
      w.longstr(v);
      return;
    case 'boolean':
      w.u8(0x74);
      w.u8(v ? 1 : 0);
      return;
    case 'number':
      if (Number.isInteger(v)) {
        if (v >= -2147483648 && v <= 2147483647) {
          w.u8(0x49);
          w.i32(v);
        } else {
          w.u8(0x6c);
          w.i64(v);
        }
      } else {
        w.u8(0x64);
        w.f64(v);
      }
      return;
    case 'bigint':
      w.u8(0x6c);
      w.i64(v);
      return;
    case 'undefined':
      w.u8(0x56);
      return;
    case 'object':
      break;
    default:
      throw new TypeError(`cannot encode a ${typeof v} in a field table`);
  }
  if (v === null) {
    w.u8(0x56);
    return;
  }
  if (v instanceof Uint8Array) {
    w.u8(0x78);
    w.longstr(Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength));
    return;
  }
  if (v instanceof Date) {
    w.u8(0x54);
    w.u64(Math.floor(v.getTime() / 1000));
    return;
  }
  if (Array.isArray(v)) {
    w.u8(0x41);
    encodeArray(w, v);
    return;
  }
  const o = v as Record<string, unknown>;
  const t = o.$type;
  if (typeof t === 'string' && t.length === 1 && 'value' in o) {
    const val = o.value as number | bigint;
    w.u8(t.charCodeAt(0));
    switch (t) {
      case 'b':
        w.i8(Number(val));
        return;
      case 'B':
        w.u8(Number(val));
        return;
      case 's':
        w.i16(Number(val));
        return;
      case 'u':
        w.u16(Number(val));
        return;
      case 'I':
        w.i32(Number(val));
        return;
      case 'i':
        w.u32(Number(val));
        return;
      case 'l':
        w.i64(val);
        return;
      case 'L':
      case 'T':
        w.u64(val);
        return;
      case 'f':
        w.f32(Number(val));
        return;
      case 'd':
        w.f64(Number(val));
        return;
      case 'D':
        w.u8(Number(o.scale));
        w.u32(Number(val));
        return;
      default:
        throw new TypeError(`unknown field type '${t}'`);
    }
  }
  w.u8(0x46);
  encodeTable(w, o as FieldTable);
}

/** Writes a field table with its 4-byte length prefix. */
export function encodeTable(w: Writer, t: FieldTable | undefined | null): void {
  const lenAt = w.pos;
  w.u32(0);
  if (t) {
    for (const k of Object.keys(t)) {
      const v = t[k];
      if (v === undefined) continue;
      w.shortstr(k);
      encodeFieldValue(w, v);
    }
  }
  w.buf.writeUInt32BE(w.pos - lenAt - 4, lenAt);
}

function encodeArray(w: Writer, a: unknown[]): void {
  const lenAt = w.pos;
  w.u32(0);
  for (let i = 0; i < a.length; i++) encodeFieldValue(w, a[i]);
  w.buf.writeUInt32BE(w.pos - lenAt - 4, lenAt);
}

// ---------------------------------------------------------------------------------------------------------------
// Method arguments

export type MethodArgs = Record<string, any>;
export interface Method {
  readonly spec: MethodSpec;
  readonly args: MethodArgs;
}

export function encodeArgs(w: Writer, spec: MethodSpec, args: MethodArgs): void {
  let bits = 0;
  let bitPos = 0;
  const flushBits = () => {
    if (bitPos > 0) {
      w.u8(bits);
      bits = 0;
      bitPos = 0;
    }
  };
  for (const [name, type] of spec.args) {
    const v = args[name];
    if (type === 'bit') {
      if (bitPos === 8) flushBits();
      if (v) bits |= 1 << bitPos;
      bitPos++;
      continue;
    }
    flushBits();
    writeArg(w, type, v);
  }
  flushBits();
}

function writeArg(w: Writer, type: ArgType, v: any): void {
  switch (type) {
    case 'octet':
      w.u8(v ?? 0);
      break;
    case 'short':
      w.u16(v ?? 0);
      break;
    case 'long':
      w.u32(v ?? 0);
      break;
    case 'longlong':
    case 'timestamp':
      w.u64(v ?? 0);
      break;
    case 'shortstr':
      w.shortstr(v ?? '');
      break;
    case 'longstr':
      w.longstr(v ?? '');
      break;
    case 'table':
      encodeTable(w, v);
      break;
    case 'bit':
      throw new Error('unreachable');
  }
}

export function decodeArgs(r: Reader, spec: MethodSpec): MethodArgs {
  const out: MethodArgs = {};
  let bits = 0;
  let bitPos = 8;
  for (const [name, type] of spec.args) {
    if (type === 'bit') {
      if (bitPos === 8) {
        bits = r.u8();
        bitPos = 0;
      }
      out[name] = (bits & (1 << bitPos)) !== 0;
      bitPos++;
      continue;
    }
    bitPos = 8;
    out[name] = readArg(r, type);
  }
  return out;
}

function readArg(r: Reader, type: ArgType): unknown {
  switch (type) {
    case 'octet':
      return r.u8();
    case 'short':
      return r.u16();
    case 'long':
      return r.u32();
    case 'longlong':
    case 'timestamp':
      return r.u64();
    case 'shortstr':
      return r.shortstr();
    case 'longstr':
      return r.longstrBuf();
    case 'table': {
      const n = r.u32();
      r.need(n);
      const t = decodeTableAt(r.buf, r.pos, r.pos + n, 0);
      r.pos += n;
      return t;
    }
    case 'bit':
      throw new Error('unreachable');
  }
}

/** Decodes a method frame payload (class id, method id, arguments). */
export function decodeMethod(payload: Buffer): Method {
  const r = new Reader(payload);
  const classId = r.u16();
  const methodId = r.u16();
  const spec = methodById(classId, methodId);
  if (!spec) throw new UnknownMethodError(classId, methodId);
  const args = decodeArgs(r, spec);
  return { spec, args };
}

/** A method id that is not in the table: RabbitMQ closes the connection with 540 NOT_IMPLEMENTED / 503. */
export class UnknownMethodError extends DecodeError {
  constructor(
    readonly classId: number,
    readonly methodId: number,
  ) {
    super(`unknown method class ${classId} method ${methodId}`, 540);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Content header (basic properties)

export interface BasicProperties {
  contentType?: string;
  contentEncoding?: string;
  headers?: FieldTable;
  deliveryMode?: number;
  priority?: number;
  correlationId?: string;
  replyTo?: string;
  expiration?: string;
  messageId?: string;
  timestamp?: number | bigint;
  type?: string;
  userId?: string;
  appId?: string;
  clusterId?: string;
}

export interface ContentHeader {
  classId: number;
  bodySize: number;
  properties: BasicProperties;
}

export function decodeContentHeader(payload: Buffer): ContentHeader {
  const r = new Reader(payload);
  const classId = r.u16();
  r.u16(); // weight, always 0
  const size = r.u64();
  const bodySize = typeof size === 'bigint' ? Number.MAX_SAFE_INTEGER : size;
  const flagWords: number[] = [];
  for (;;) {
    const f = r.u16();
    flagWords.push(f);
    if ((f & 1) === 0) break;
    if (flagWords.length > 8) throw new DecodeError('too many property flag words');
  }
  const flags = flagWords[0]!;
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < BASIC_PROPERTIES.length; i++) {
    if ((flags & (1 << (15 - i))) === 0) continue;
    const [name, type] = BASIC_PROPERTIES[i]!;
    properties[name] = readArg(r, type);
  }
  if (r.pos !== r.end) throw new DecodeError('trailing bytes in content header');
  return { classId, bodySize, properties: properties as BasicProperties };
}

export function encodeContentHeader(w: Writer, classId: number, bodySize: number, props: BasicProperties): void {
  w.u16(classId);
  w.u16(0);
  w.u64(bodySize);
  const flagsAt = w.pos;
  w.u16(0);
  let flags = 0;
  const p = props as Record<string, unknown>;
  for (let i = 0; i < BASIC_PROPERTIES.length; i++) {
    const [name, type] = BASIC_PROPERTIES[i]!;
    const v = p[name];
    if (v === undefined || v === null) continue;
    flags |= 1 << (15 - i);
    writeArg(w, type, v);
  }
  w.buf.writeUInt16BE(flags, flagsAt);
}

// ---------------------------------------------------------------------------------------------------------------
// Frames

export interface Frame {
  type: number;
  channel: number;
  payload: Buffer;
}

function beginFrame(w: Writer, type: number, channel: number): number {
  w.u8(type);
  w.u16(channel);
  const at = w.pos;
  w.u32(0);
  return at;
}
function endFrame(w: Writer, sizeAt: number): void {
  w.buf.writeUInt32BE(w.pos - sizeAt - 4, sizeAt);
  w.u8(FRAME_END);
}

/** Appends a method frame. */
export function writeMethodFrame(w: Writer, channel: number, spec: MethodSpec, args: MethodArgs): void {
  const at = beginFrame(w, FRAME_METHOD, channel);
  w.u16(spec.classId);
  w.u16(spec.methodId);
  encodeArgs(w, spec, args);
  endFrame(w, at);
}

/** Appends a method frame followed by its content header and body frames (split to frameMax). */
export function writeContent(w: Writer, channel: number, spec: MethodSpec, args: MethodArgs, props: BasicProperties, body: Uint8Array, frameMax: number): void {
  writeMethodFrame(w, channel, spec, args);
  const at = beginFrame(w, FRAME_HEADER, channel);
  encodeContentHeader(w, spec.classId, body.length, props);
  endFrame(w, at);
  const chunk = Math.max(1, frameMax - 8);
  for (let off = 0; off < body.length; off += chunk) {
    const part = body.subarray(off, Math.min(body.length, off + chunk));
    w.u8(FRAME_BODY);
    w.u16(channel);
    w.u32(part.length);
    w.bytes(part);
    w.u8(FRAME_END);
  }
}

export function encodeMethodFrame(channel: number, name: string, args: MethodArgs = {}): Buffer {
  const w = new Writer(64);
  writeMethodFrame(w, channel, methodByName(name), args);
  return Buffer.from(w.result());
}

export function encodeContentFrames(channel: number, name: string, args: MethodArgs, props: BasicProperties, body: Buffer, frameMax = 131072): Buffer {
  const w = new Writer(128 + body.length);
  writeContent(w, channel, methodByName(name), args, props, body, frameMax);
  return Buffer.from(w.result());
}

export const HEARTBEAT_FRAME = Buffer.from([FRAME_HEARTBEAT, 0, 0, 0, 0, 0, 0, FRAME_END]);
export const PROTOCOL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/** RabbitMQ's payload snippet in frame errors: "all octets = <<1,2>>" or "first 16 octets = <<…>>". */
function octets(p: Buffer): string {
  const b = p.length > 16 ? p.subarray(0, 16) : p;
  return `${p.length > 16 ? 'first 16' : 'all'} octets = <<${Array.from(b).join(',')}>>`;
}

/** A frame that breaks the framing rules; the connection must close with `code` (501 FRAME_ERROR…). */
export class FrameError extends Error {
  constructor(
    message: string,
    readonly code = 501,
  ) {
    super(message);
  }
}

/**
 * Splits a TCP byte stream into frames. Handles frames split across chunks and several frames per chunk;
 * rejects frames larger than frameMax (501) and bad frame-end octets (501). Bytes are only copied when a
 * frame straddles chunks.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  frameMax: number;

  constructor(frameMax = 131072) {
    this.frameMax = frameMax;
  }

  /** Bytes held waiting for the rest of a frame. */
  get pending(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Next complete frame, or undefined when more bytes are needed. Throws FrameError on bad framing. */
  next(): Frame | undefined {
    if (this.buffered < 7) return undefined;
    let head = this.chunks[0]!;
    if (head.length < 7) {
      this.coalesce(7);
      head = this.chunks[0]!;
    }
    const type = head[0]!;
    const channel = head.readUInt16BE(1);
    const size = head.readUInt32BE(3);
    if (type !== FRAME_METHOD && type !== FRAME_HEADER && type !== FRAME_BODY && type !== FRAME_HEARTBEAT) {
      throw new FrameError(`FRAME_ERROR - type ${type}, ${octets(head.subarray(7, Math.min(head.length, 7 + size)))}: unknown_frame`);
    }
    // RabbitMQ allows payloads up to frame_max (frame_max - 8 plus an 8-byte fudge for clients that get it wrong).
    if (size > this.frameMax) {
      throw new FrameError(`FRAME_ERROR - type ${type}, all octets = <<>>: {frame_too_large,${size},${this.frameMax - 8}}`);
    }
    const total = size + 8;
    if (this.buffered < total) return undefined;
    if (head.length < total) {
      this.coalesce(total);
      head = this.chunks[0]!;
    }
    if (head[total - 1] !== FRAME_END)
      throw new FrameError(`FRAME_ERROR - type ${type}, ${octets(head.subarray(7, 7 + size))}: {invalid_frame_end_marker,${head[total - 1]}}`);
    const payload = head.subarray(7, 7 + size);
    if (head.length === total) this.chunks.shift();
    else this.chunks[0] = head.subarray(total);
    this.buffered -= total;
    return { type, channel, payload };
  }

  private coalesce(n: number): void {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < n) {
      const c = this.chunks.shift()!;
      parts.push(c);
      have += c.length;
    }
    this.chunks.unshift(Buffer.concat(parts, have));
  }
}
