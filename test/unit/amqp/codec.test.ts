import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { dirname, join } from 'node:path';
import {
  decodeContentHeader,
  decodeMethod,
  decodeTable,
  encodeContentFrames,
  encodeMethodFrame,
  encodeTable,
  FrameError,
  FrameReader,
  Writer,
  type FieldTable,
  type FieldValue,
  DecodeError,
  UnknownMethodError,
} from '../../../src/amqp/codec';
import { METHODS, methodById, methodByName, FRAME_BODY, FRAME_HEADER, FRAME_METHOD, type ArgType } from '../../../src/amqp/spec';

// amqplib's generated definitions (lib/defs.js, from RabbitMQ's amqp0-9-1.extended spec) are an independent
// implementation of the same table: we check ours against them and decode bytes they produce.
// amqplib's package.json `exports` hides lib/, so load the files by path.
const amqplibLib = join(dirname(require.resolve('amqplib')), 'lib');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const defs = require(join(amqplibLib, 'defs.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const amqplibCodec = require(join(amqplibLib, 'codec.js'));

interface AmqplibInfo {
  id: number;
  classId: number;
  methodId: number;
  name: string;
  args: { type: string; name: string }[];
}
const amqplibMethods: AmqplibInfo[] = Object.keys(defs)
  .filter((k) => k.startsWith('methodInfo'))
  .map((k) => defs[k] as AmqplibInfo);

function frameOf(buf: Buffer): { type: number; channel: number; payload: Buffer } {
  const r = new FrameReader(1 << 20);
  r.push(buf);
  const f = r.next();
  assert.ok(f, 'a complete frame');
  return f;
}

const arbFor = (type: ArgType): fc.Arbitrary<unknown> => {
  switch (type) {
    case 'octet':
      return fc.integer({ min: 0, max: 255 });
    case 'short':
      return fc.integer({ min: 0, max: 65535 });
    case 'long':
      return fc.integer({ min: 0, max: 0xffffffff });
    case 'longlong':
    case 'timestamp':
      return fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    case 'shortstr':
      return fc.string({ maxLength: 40 });
    case 'longstr':
      return fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a));
    case 'bit':
      return fc.boolean();
    case 'table':
      return arbPlainTable;
  }
};

// Tables amqplib and we encode identically (strings, booleans, nested tables).
const arbPlainTable: fc.Arbitrary<FieldTable> = fc.letrec((tie) => ({
  // (no key '!': amqplib reads {'!': type} as a typed value)
  t: fc.dictionary(
    fc.string({ maxLength: 8 }).filter((k) => k !== '!'),
    fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 8 }), fc.boolean(), tie('t')),
    { maxKeys: 3 },
  ),
})).t as fc.Arbitrary<FieldTable>;

const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 16 }).map((a) => Buffer.from(a)),
    fc.integer({ min: -128, max: 127 }).map((value) => ({ $type: 'b' as const, value })),
    fc.integer({ min: 0, max: 255 }).map((value) => ({ $type: 'B' as const, value })),
    fc.integer({ min: -32768, max: 32767 }).map((value) => ({ $type: 's' as const, value })),
    fc.integer({ min: 0, max: 65535 }).map((value) => ({ $type: 'u' as const, value })),
    fc.integer({ min: -2147483648, max: 2147483647 }).map((value) => ({ $type: 'I' as const, value })),
    fc.integer({ min: 0, max: 0xffffffff }).map((value) => ({ $type: 'i' as const, value })),
    fc.maxSafeInteger().map((value) => ({ $type: 'l' as const, value })),
    fc
      .bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n })
      .filter((v) => v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
      .map((value) => ({ $type: 'l' as const, value })),
    fc.maxSafeNat().map((value) => ({ $type: 'L' as const, value })),
    fc.maxSafeNat().map((value) => ({ $type: 'T' as const, value })),
    fc.float({ noNaN: true }).map((value) => ({ $type: 'f' as const, value })),
    fc.double({ noNaN: true }).map((value) => ({ $type: 'd' as const, value })),
    fc.record({ scale: fc.integer({ min: 0, max: 255 }), value: fc.integer({ min: 0, max: 0xffffffff }) }).map((d) => ({ $type: 'D' as const, ...d })),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 10 }), tie('tree'), { maxKeys: 4 }),
  ) as fc.Arbitrary<FieldValue>,
}));
const arbTable: fc.Arbitrary<FieldTable> = fc.dictionary(fc.string({ maxLength: 12 }), tree, { maxKeys: 6 }) as fc.Arbitrary<FieldTable>;

function tableBytes(t: FieldTable): Buffer {
  const w = new Writer(16);
  encodeTable(w, t);
  return Buffer.from(w.result().subarray(4));
}

describe('amqp codec', () => {
  describe('method table', () => {
    it('has every method amqplib knows, with the same class/method ids, argument names and types', () => {
      assert.equal(METHODS.length, amqplibMethods.length);
      for (const info of amqplibMethods) {
        const ours = methodById(info.classId, info.methodId);
        assert.ok(ours, `missing ${info.name} (${info.classId}/${info.methodId})`);
        assert.deepEqual(
          ours.args.map(([n, t]) => [n, t]),
          info.args.map((a) => [a.name, a.type]),
          ours.name,
        );
      }
    });
    it('marks exactly basic.publish/return/deliver/get-ok as content-bearing', () => {
      assert.deepEqual(
        METHODS.filter((m) => m.content)
          .map((m) => m.name)
          .sort(),
        ['basic.deliver', 'basic.get-ok', 'basic.publish', 'basic.return'],
      );
    });
  });

  describe('decoding bytes produced by amqplib', () => {
    it('decodes every method amqplib encodes, with random arguments', () => {
      for (const info of amqplibMethods) {
        const spec = methodById(info.classId, info.methodId)!;
        fc.assert(
          fc.property(fc.record(Object.fromEntries(spec.args.map(([n, t]) => [n, arbFor(t)]))), (args) => {
            const buf: Buffer = defs.encodeMethod(info.id, 7, args);
            const f = frameOf(buf);
            assert.equal(f.type, FRAME_METHOD);
            assert.equal(f.channel, 7);
            const m = decodeMethod(f.payload);
            assert.equal(m.spec, spec);
            // and amqplib decodes our encoding of the same arguments to what it decodes its own to
            const ours = frameOf(encodeMethodFrame(7, spec.name, args));
            assert.deepEqual(ours.payload, f.payload, `${spec.name}: identical bytes`);
            for (const [n, t] of spec.args) {
              const want = (args as Record<string, unknown>)[n];
              if (t === 'table') assert.deepEqual(JSON.parse(JSON.stringify(m.args[n])), JSON.parse(JSON.stringify(want)), `${spec.name}.${n}`);
              else assert.deepEqual(m.args[n], want, `${spec.name}.${n}`);
            }
          }),
          { numRuns: 25 },
        );
      }
    });
    it('decodes field tables amqplib encodes (its number guessing → b/s/I/l/d)', () => {
      const src = {
        s: 'héllo',
        t: true,
        f: false,
        small: 5,
        mid: 1000,
        big: 100000,
        huge: 2 ** 40,
        neg: -3,
        dbl: 1.5,
        buf: Buffer.from([1, 2]),
        arr: [1, 'a'],
        nested: { x: 'y' },
        nul: null,
        ts: { '!': 'timestamp', value: 1700000000 },
      };
      const buf = Buffer.alloc(1024);
      const n = amqplibCodec.encodeTable(buf, src, 0);
      const t = decodeTable(buf.subarray(4, n));
      assert.deepEqual(t, {
        s: 'héllo',
        t: true,
        f: false,
        small: { $type: 'b', value: 5 },
        mid: { $type: 's', value: 1000 },
        big: { $type: 'I', value: 100000 },
        huge: { $type: 'l', value: 2 ** 40 },
        neg: { $type: 'b', value: -3 },
        dbl: { $type: 'd', value: 1.5 },
        buf: Buffer.from([1, 2]),
        arr: [{ $type: 'b', value: 1 }, 'a'],
        nested: { x: 'y' },
        nul: null,
        ts: { $type: 'T', value: 1700000000 },
      });
    });
    it('decodes amqplib content headers with all 14 properties', () => {
      const props = {
        contentType: 'text/plain',
        contentEncoding: 'gzip',
        headers: { a: 'b' },
        deliveryMode: 2,
        priority: 7,
        correlationId: 'c1',
        replyTo: 'amq.rabbitmq.reply-to',
        expiration: '60000',
        messageId: 'm1',
        timestamp: 1700000000,
        type: 't',
        userId: 'guest',
        appId: 'app',
        clusterId: 'cl',
      };
      const f = frameOf(defs.encodeProperties(60, 3, 12345, props));
      assert.equal(f.type, FRAME_HEADER);
      const h = decodeContentHeader(f.payload);
      assert.equal(h.classId, 60);
      assert.equal(h.bodySize, 12345);
      assert.deepEqual(h.properties, props);
    });
  });

  describe('round trips', () => {
    it('field tables with every type round-trip exactly (fast-check)', () => {
      fc.assert(
        fc.property(arbTable, (t) => {
          const b = tableBytes(t);
          const back = decodeTable(b);
          assert.deepEqual(tableBytes(back), b);
          const norm = (v: unknown): unknown => {
            if (Buffer.isBuffer(v)) return v;
            if (Array.isArray(v)) return v.map(norm);
            if (v && typeof v === 'object') {
              const o = v as Record<string, unknown>;
              if ('$type' in o && typeof o.value === 'number' && o.$type === 'f') return { ...o, value: Math.fround(o.value) };
              if ('$type' in o && typeof o.value === 'bigint') return o;
              return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, norm(x)]));
            }
            return v;
          };
          assert.deepEqual(back, norm(t));
        }),
        { numRuns: 500 },
      );
    });
    it('plain JS numbers encode as RabbitMQ expects: int32 → I, bigger → l, fractions → d', () => {
      assert.deepEqual(decodeTable(tableBytes({ a: 7, b: 2 ** 33, c: 0.25, d: -1 })), {
        a: { $type: 'I', value: 7 },
        b: { $type: 'l', value: 2 ** 33 },
        c: { $type: 'd', value: 0.25 },
        d: { $type: 'I', value: -1 },
      });
    });
    it('every method round-trips through our encoder and decoder (fast-check)', () => {
      for (const spec of METHODS) {
        fc.assert(
          fc.property(fc.record(Object.fromEntries(spec.args.filter(([, t]) => t !== 'table').map(([n, t]) => [n, arbFor(t)]))), (args) => {
            const m = decodeMethod(frameOf(encodeMethodFrame(1, spec.name, args)).payload);
            assert.equal(m.spec.name, spec.name);
            for (const [n, t] of spec.args) if (t !== 'table') assert.deepEqual(m.args[n], (args as Record<string, unknown>)[n]);
          }),
          { numRuns: 20 },
        );
      }
    });
    it('content is split into body frames of at most frame_max - 8 bytes', () => {
      const body = Buffer.alloc(10000, 7);
      const bytes = encodeContentFrames(
        2,
        'basic.deliver',
        { consumerTag: 'c', deliveryTag: 9, exchange: '', routingKey: 'q' },
        { deliveryMode: 2 },
        body,
        4096,
      );
      const r = new FrameReader(4096);
      r.push(bytes);
      const frames = [];
      for (let f = r.next(); f; f = r.next()) frames.push(f);
      assert.deepEqual(
        frames.map((f) => f.type),
        [FRAME_METHOD, FRAME_HEADER, FRAME_BODY, FRAME_BODY, FRAME_BODY],
      );
      assert.deepEqual(
        frames.slice(2).map((f) => f.payload.length),
        [4088, 4088, 1824],
      );
      assert.deepEqual(Buffer.concat(frames.slice(2).map((f) => f.payload)), body);
      assert.equal(decodeContentHeader(frames[1]!.payload).bodySize, 10000);
    });
  });

  describe('frame reader', () => {
    it('reassembles frames from any split of the byte stream, including many frames per chunk (fast-check)', () => {
      const stream = Buffer.concat([
        encodeMethodFrame(0, 'connection.tune-ok', { channelMax: 2047, frameMax: 131072, heartbeat: 60 }),
        encodeMethodFrame(1, 'channel.open'),
        encodeContentFrames(1, 'basic.publish', { exchange: '', routingKey: 'q' }, { headers: { a: 1 } }, Buffer.alloc(300, 1), 4096),
        Buffer.from([8, 0, 0, 0, 0, 0, 0, 0xce]),
      ]);
      const want = (() => {
        const r = new FrameReader();
        r.push(stream);
        const out = [];
        for (let f = r.next(); f; f = r.next()) out.push(f);
        return out;
      })();
      assert.equal(want.length, 6);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { maxLength: 30 }), (cuts) => {
          const points = [...new Set(cuts)].sort((a, b) => a - b);
          const r = new FrameReader();
          const got = [];
          let prev = 0;
          for (const p of [...points, stream.length]) {
            r.push(stream.subarray(prev, p));
            prev = p;
            for (let f = r.next(); f; f = r.next()) got.push({ type: f.type, channel: f.channel, payload: Buffer.from(f.payload) });
          }
          assert.deepEqual(
            got,
            want.map((f) => ({ type: f.type, channel: f.channel, payload: Buffer.from(f.payload) })),
          );
          assert.equal(r.pending, 0);
        }),
        { numRuns: 300 },
      );
    });
    it('rejects a frame larger than frame_max with 501 before buffering its payload', () => {
      const r = new FrameReader(4096);
      const h = Buffer.from([1, 0, 1, 0, 0, 0x20, 0, 0]); // size 8192
      r.push(h);
      assert.throws(
        () => r.next(),
        (e: unknown) => e instanceof FrameError && e.code === 501 && /frame_too_large,8192,4088/.test(e.message),
      );
    });
    it('rejects a bad frame-end octet and an unknown frame type with 501', () => {
      const bad = Buffer.from(encodeMethodFrame(1, 'channel.open'));
      bad[bad.length - 1] = 0;
      const r = new FrameReader();
      r.push(bad);
      assert.throws(
        () => r.next(),
        (e: unknown) => e instanceof FrameError && e.code === 501,
      );
      const r2 = new FrameReader();
      r2.push(Buffer.from([9, 0, 0, 0, 0, 0, 0, 0xce]));
      assert.throws(
        () => r2.next(),
        (e: unknown) => e instanceof FrameError && e.code === 501,
      );
    });
    it('reports truncated method arguments, unknown field types and unknown methods as decode errors', () => {
      const p = frameOf(encodeMethodFrame(1, 'queue.declare', { queue: 'q', arguments: { a: 'b' } })).payload;
      assert.throws(() => decodeMethod(p.subarray(0, p.length - 3)), DecodeError);
      const bad = Buffer.from(p);
      bad[bad.indexOf(0x53, 12)] = 0x3f; // 'S' → '?'
      assert.throws(() => decodeMethod(bad), /unknown field type/);
      assert.throws(() => decodeMethod(Buffer.from([0, 60, 0, 99])), UnknownMethodError);
      assert.equal(methodByName('basic.nack').methodId, 120);
    });
  });
});
