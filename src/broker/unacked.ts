// A channel's unacked list (LavinMQ's shape): messages and their delivery tags in tag order. Tags only
// grow, so the list stays ordered; a settle is a binary search and a `multiple` settle walks from the
// front. Settled entries stay as dead slots (their message no longer carries this tag and channel) and
// are dropped lazily by trim().

/** What the list needs of a message: the tag and owner it is unacked under, and a pending tx settle. */
export interface UnackedItem {
  tag: number;
  ch: unknown;
  /** Pending settle inside a transaction (0 = none): off the list's live count, kept in its slot. */
  tx: number;
}

export class UnackedList<M extends UnackedItem> {
  msgs: M[] = [];
  tags: number[] = [];
  /** First slot that may be live. */
  head = 0;
  /** Live entries (not settled, not pending in a transaction). */
  live = 0;

  constructor(private readonly owner: unknown) {}

  push(m: M, tag: number): void {
    this.msgs.push(m);
    this.tags.push(tag);
    this.live++;
  }

  /** Index of the live entry with this tag, or -1. */
  find(tag: number): number {
    const tags = this.tags;
    let lo = this.head,
      hi = tags.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = tags[mid]!;
      if (t === tag) {
        const m = this.msgs[mid]!;
        return m.tag === tag && m.ch === this.owner && m.tx === 0 ? mid : -1;
      }
      if (t < tag) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Live (unacked, not pending in a transaction). */
  isLive(i: number): boolean {
    const m = this.msgs[i]!;
    return m.tag === this.tags[i] && m.ch === this.owner && m.tx === 0;
  }

  /** Still held by this channel (live, or pending in a transaction). */
  isHeld(i: number): boolean {
    const m = this.msgs[i]!;
    return m.tag === this.tags[i] && m.ch === this.owner;
  }

  clear(): void {
    this.msgs = [];
    this.tags = [];
    this.head = 0;
    this.live = 0;
  }

  /** Drops dead slots at the front; compacts when mostly dead. `pendingTx` = entries pending in a transaction. */
  trim(pendingTx: number): void {
    const msgs = this.msgs;
    let h = this.head;
    while (h < msgs.length && !this.isHeld(h)) h++;
    if (h === msgs.length) {
      if (msgs.length > 0) {
        this.msgs = [];
        this.tags = [];
      }
      this.head = 0;
      return;
    }
    this.head = h;
    const len = msgs.length - h;
    if (h > 1024 && h > len) {
      this.msgs = msgs.slice(h);
      this.tags = this.tags.slice(h);
      this.head = 0;
    } else if (len > 256 && len > 4 * (this.live + pendingTx)) {
      const nm: M[] = [],
        nt: number[] = [];
      for (let i = h; i < msgs.length; i++)
        if (this.isHeld(i)) {
          nm.push(msgs[i]!);
          nt.push(this.tags[i]!);
        }
      this.msgs = nm;
      this.tags = nt;
      this.head = 0;
    }
  }
}
