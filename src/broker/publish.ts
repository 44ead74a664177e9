// basic.publish: checks, routing, one copy per destination queue, mandatory returns and publisher
// confirms. Confirms are sent here (confirm()) right after the copies are enqueued; a durability layer
// that must wait for fsync hooks in there.
import type { Core } from './core';
import { amqpError, rs } from './errors';
import { getExchange } from './lookup';
import type { ChannelLike, Exchange, Queue } from './model';
import { OUT_CONFIRM, OUT_RETURN } from './outbox';
import type { QueueEngine } from './queue';
import { deliverReply, isReplyName, withReplyName } from './replyTo';
import { routeAll, senderRoutes } from './senderRoutes';
import type { BasicProperties, BasicPublishArgs } from './types';

/** A publish as checked by basic.publish; kept in a transaction until commit. */
export interface CheckedPublish {
  exchange: Exchange;
  routingKey: string;
  mandatory: boolean;
  properties: BasicProperties;
  body: Uint8Array;
  ttl: number;
  /** CC / BCC routing keys (rule 41), null without those headers. */
  cc: readonly string[] | null;
}

/** Parses a per-message TTL (the expiration property). Returns -1 for none or throws the detail text. */
export function parseExpiration(exp: string | undefined): number {
  if (exp === undefined) return -1;
  const m = /^\s*([+-]?\d+)(.*)$/s.exec(exp);
  if (!m) throw `invalid expiration '${exp}': no_integer`;
  if (m[2] !== '') throw `invalid expiration '${exp}': {leftover_string,"${m[2]}"}`;
  const n = Number(m[1]);
  if (n < 0) throw `invalid expiration '${exp}': {value_negative,${n}}`;
  return n;
}

export class Publisher {
  private readonly routeScratch: Queue[] = [];

  constructor(
    private readonly core: Core,
    private readonly queues: QueueEngine,
  ) {}

  /** basic.publish's checks (immediate, exchange, internal, expiration); errors close the channel or connection. */
  check(ch: ChannelLike, a: BasicPublishArgs, props: BasicProperties, body: Uint8Array): CheckedPublish {
    if (a.immediate === true) throw ch.connection.fail(amqpError('NOT_IMPLEMENTED', 'immediate=true', 'basicPublish'), ch.number);
    const exName = a.exchange ?? '';
    const ex = getExchange(this.core, ch, exName, 'basicPublish');
    if (ex.internal) throw ch.fail(amqpError('ACCESS_REFUSED', `cannot publish to internal ${rs('exchange', exName, ex.vhost.name)}`, 'basicPublish'));
    props = withReplyName(ch, props);
    // rabbit_channel check_user_id_header: the user-id property, when set, must name the authenticated user
    const user = ch.connection.info.user ?? 'guest';
    if (props.userId !== undefined && props.userId !== user) {
      throw ch.fail(amqpError('PRECONDITION_FAILED', `user_id property set to '${props.userId}' but authenticated user was '${user}'`, 'basicPublish'));
    }
    let ttl = -1;
    if (props.expiration !== undefined) {
      try {
        ttl = parseExpiration(props.expiration);
      } catch (detail) {
        throw ch.fail(amqpError('PRECONDITION_FAILED', String(detail), 'basicPublish'));
      }
    }
    const h = props.headers;
    // CC / BCC are rare: the common publish skips senderRoutes' result object
    const sr = h !== undefined && (h.CC !== undefined || h.BCC !== undefined) ? senderRoutes(ch, props) : null;
    const rk = a.routingKey ?? '';
    return { exchange: ex, routingKey: rk, mandatory: a.mandatory === true, properties: sr ? sr.properties : props, body, ttl, cc: sr ? sr.keys : null };
  }

  /** Routes and enqueues one publish; `seq` is its confirm sequence number (0 = not in confirm mode). */
  publish(ch: ChannelLike, p: CheckedPublish, seq: number): void {
    const core = this.core,
      ex = p.exchange,
      rk = p.routingKey;
    const pid = core.nextPublishId++;
    const rec = core.rec.on ? core.rec : null;
    if (rec) rec.published(ex, rk, pid, ch, p.mandatory, p.body.length);
    let nack = false;
    let n: number;
    if (p.cc !== null) {
      const r = this.publishWithCc(ch, p, pid);
      n = r.routed;
      nack = r.nack;
    } else if (ex.type === 'default') {
      const q = ex.vhost.queues.get(rk);
      n = q === undefined ? 0 : 1;
      if (q !== undefined) {
        if (rec) rec.routed(ex, rk, pid, ch, q.name, 1);
        if (!this.queues.enqueueNew(q, pid, ex.name, rk, p.properties, p.body, p.ttl)) nack = true;
      }
    } else {
      const targets = this.routeScratch;
      targets.length = 0;
      n = core.router.route(ex, rk, p.properties.headers, targets);
      if (n > 0) {
        const qs = targets.slice();
        if (rec) rec.routed(ex, rk, pid, ch, qs.length === 1 ? qs[0]!.name : '', qs.length);
        for (let i = 0; i < qs.length; i++) if (!this.queues.enqueueNew(qs[i]!, pid, ex.name, rk, p.properties, p.body, p.ttl)) nack = true;
      }
    }
    if (n === 0) this.unroutable(ch, p, pid);
    if (ex.type === 'default') this.replies(p, pid, n);
    if (seq !== 0) this.confirm(ch, p, pid, seq, nack);
  }

  /**
   * Direct reply-to (rule 35): the default exchange hands each reply name among the keys to its reply consumer.
   * A reply name is never a queue, so without CC it can only be the key of a publish that reached none.
   */
  private replies(p: CheckedPublish, pid: number, routed: number): void {
    const v = p.exchange.vhost.name;
    if (p.cc === null) {
      if (routed === 0 && isReplyName(p.routingKey)) deliverReply(this.core, v, p.routingKey, pid, p.properties, p.body);
      return;
    }
    for (const k of new Set([p.routingKey, ...p.cc])) if (isReplyName(k)) deliverReply(this.core, v, k, pid, p.properties, p.body);
  }

  /** A publish with CC / BCC keys: routed with every key, one copy per queue reached (rule 41). */
  private publishWithCc(ch: ChannelLike, p: CheckedPublish, pid: number): { routed: number; nack: boolean } {
    const qs = routeAll(this.core, p.exchange, [p.routingKey, ...p.cc!], p.properties.headers);
    if (qs.length > 0 && this.core.rec.on) this.core.rec.routed(p.exchange, p.routingKey, pid, ch, qs.length === 1 ? qs[0]!.name : '', qs.length);
    let nack = false;
    for (const q of qs) if (!this.queues.enqueueNew(q, pid, p.exchange.name, p.routingKey, p.properties, p.body, p.ttl, p.cc)) nack = true;
    return { routed: qs.length, nack };
  }

  private unroutable(ch: ChannelLike, p: CheckedPublish, pid: number): void {
    const core = this.core,
      ex = p.exchange,
      rk = p.routingKey;
    if (core.rec.on) core.rec.unroutable(ex, rk, pid, ch, p.mandatory);
    if (!p.mandatory) return;
    core.outbox.push(ch.connection, OUT_RETURN, ch, ch.number, {
      replyCode: 312,
      replyText: 'NO_ROUTE',
      exchange: ex.name,
      routingKey: rk,
      properties: p.properties,
      body: p.body,
    });
    if (core.rec.on) core.rec.returned(ex, rk, pid, ch);
  }

  /** The publisher confirm of one publish (basic.ack, or basic.nack when reject-publish refused a copy). */
  private confirm(ch: ChannelLike, p: CheckedPublish, pid: number, seq: number, nack: boolean): void {
    // corked (a read batch of the wire layer): coalesced at uncork (confirms.ts, rule 37)
    if (ch.connection.corked > 0) {
      ch.pendingConfirms.push({ seq, nack, pid, exchange: p.exchange, routingKey: p.routingKey });
      return;
    }
    this.core.outbox.push(ch.connection, OUT_CONFIRM, ch, ch.number, { deliveryTag: seq, multiple: false, nack });
    if (this.core.rec.on) this.core.rec.confirmed(p.exchange, p.routingKey, pid, ch, seq, nack, false);
  }
}
