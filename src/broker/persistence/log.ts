// Appending to the log with group commit: records appended while a write + fdatasync is in flight
// wait and go out together in the next one, so many messages share one fsync (as RabbitMQ's
// message store does). `afterSync(fn)` runs fn once everything appended so far is on disk; the AMQP
// listener sends publisher confirms and tx.commit-ok through it. Callbacks run in the order given.
import { close, fdatasync, write } from 'node:fs';
import { encodeLine } from './format';

/** What the AMQP listener waits on before a confirm or commit-ok (AmqpServerOptions.durability). */
export interface DurabilityBarrier {
  afterSync(fn: () => void): void;
}

export class LogWriter implements DurabilityBarrier {
  private pending: string[] = [];
  private appended = 0;
  private synced = 0;
  private writing = false;
  private scheduled = false;
  private closed = false;
  /** touch() was called: the next batch must run even when nothing is pending yet. */
  private wanted = false;
  private readonly waiters: { seq: number; fn: () => void }[] = [];
  private waitHead = 0;
  /** Bytes in the file (written, being written or queued; about). */
  bytes: number;

  /**
   * @param prepare called just before a batch is taken, to append records that are cheaper in bulk
   * @param afterBatch called when a batch is on disk and nothing is being written (compaction may swap the file)
   */
  constructor(
    private fd: number,
    private crc: number,
    bytes: number,
    private readonly prepare: () => void,
    private readonly afterBatch: () => void,
    private readonly onError: (err: Error) => void,
  ) {
    this.bytes = bytes;
  }

  get chain(): number {
    return this.crc;
  }
  get idle(): boolean {
    return !this.writing && this.pending.length === 0;
  }

  /** Queues one record (JSON text); returns its size in the file (about: UTF-8 may add a little). */
  append(json: string): number {
    this.pending.push(json);
    this.appended++;
    this.bytes += json.length + 10;
    this.schedule();
    return json.length + 10;
  }

  /** Makes sure a batch runs soon (for records `prepare` adds in bulk), after the one in flight if any. */
  touch(): void {
    this.wanted = true;
    this.schedule();
  }

  afterSync(fn: () => void): void {
    if (this.waitHead === this.waiters.length && this.synced === this.appended && !this.scheduled) {
      fn();
      return;
    }
    this.waiters.push({ seq: this.appended, fn });
    this.schedule();
  }

  /** Continues in a new file (after compaction wrote it); the old descriptor is closed. */
  swap(fd: number, crc: number, bytes: number): void {
    const old = this.fd;
    this.fd = fd;
    this.crc = crc;
    this.bytes = bytes + this.pending.reduce((n, j) => n + j.length + 10, 0);
    close(old, () => undefined);
  }

  /** Stops writing; every waiter is released (the caller made the state durable another way). */
  stop(): number {
    this.closed = true;
    this.pending = [];
    this.synced = this.appended;
    this.release();
    return this.fd;
  }

  private schedule(): void {
    if (this.scheduled || this.writing || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.kick();
    });
  }

  private kick(): void {
    if (this.writing || this.closed) return;
    this.wanted = false;
    try {
      this.prepare();
    } catch (e) {
      this.onError(e as Error);
    }
    if (this.pending.length === 0) {
      this.synced = this.appended;
      this.release();
      return;
    }
    // lines are made (and CRC-chained) only now, so a compaction that swapped the file in between
    // chains them from the new file's last line
    let text = '';
    for (const json of this.pending) {
      const { line, crc } = encodeLine(json, this.crc);
      this.crc = crc;
      text += line;
    }
    const data = Buffer.from(text, 'utf8');
    this.pending = [];
    const upTo = this.appended;
    this.writing = true;
    this.writeAll(data, 0, (err) => {
      this.writing = false;
      if (this.closed) return;
      if (err) {
        // Nothing is confirmed until it is on disk: the waiters stay waiting. No retry (a partial
        // write followed by a retry would break the CRC chain); the owner reports the error.
        this.closed = true;
        this.onError(err);
        return;
      }
      this.synced = upTo;
      this.release();
      this.afterBatch();
      if (this.pending.length > 0 || this.wanted || this.waitHead < this.waiters.length) this.schedule();
    });
  }

  private writeAll(data: Buffer, off: number, done: (err: Error | null) => void): void {
    write(this.fd, data, off, data.length - off, null, (err, n) => {
      if (err) return done(err);
      if (this.closed) return done(null); // the descriptor may be someone else's by now
      if (off + n < data.length) return this.writeAll(data, off + n, done);
      fdatasync(this.fd, (e) => done(e));
    });
  }

  private release(): void {
    const w = this.waiters;
    while (this.waitHead < w.length && w[this.waitHead]!.seq <= this.synced) {
      const { fn } = w[this.waitHead++]!;
      try {
        fn();
      } catch (e) {
        this.onError(e as Error);
      }
    }
    if (this.waitHead === w.length) {
      w.length = 0;
      this.waitHead = 0;
    } else if (this.waitHead > 1024) {
      w.splice(0, this.waitHead);
      this.waitHead = 0;
    }
  }
}
