// Scenarios are data: actors, steps with narration, and expected outcomes. The runner
// (runner.ts) plays them against a backend: the in-process playground broker, or any AMQP
// 0-9-1 broker through amqplib, so the same expectations can be checked against RabbitMQ.

/** What a consumer does with each delivery. */
export type Behaviour =
  /** Ack as soon as the work is done (right away). */
  | { kind: 'ack' }
  /** Never ack: the forgotten-ack bug. */
  | { kind: 'forget' }
  /** Keep deliveries unacked until a `work` step finishes them (a slow worker) or a `crash`. */
  | { kind: 'hold' }
  /** nack with requeue=true (the first `times` deliveries, then ack; omit times for always). */
  | { kind: 'nack-requeue'; times?: number }
  /** basic.reject with requeue=false. */
  | { kind: 'reject' }
  /** Auto-ack consumer: the broker counts the message as acked when it sends it. */
  | { kind: 'auto' }
  /** RPC server: reply to reply_to with the same correlation_id, body = reply(body), then ack. */
  | { kind: 'rpc-server'; reply: 'fib' | 'upper' };

export interface PublishProps {
  persistent?: boolean;
  headers?: Record<string, string | number | boolean>;
  replyTo?: string;
  correlationId?: string;
  expiration?: string;
  mandatory?: boolean;
  contentType?: string;
}

export type Step =
  | {
      do: 'declareQueue';
      actor: string;
      queue: string;
      durable?: boolean;
      exclusive?: boolean;
      autoDelete?: boolean;
      arguments?: Record<string, string | number | boolean>;
      as?: string;
    }
  | { do: 'declareExchange'; actor: string; exchange: string; type: 'direct' | 'fanout' | 'topic' | 'headers'; durable?: boolean }
  | { do: 'bind'; actor: string; queue: string; exchange: string; key: string }
  | { do: 'publish'; actor: string; exchange?: string; key: string; bodies: string[]; props?: PublishProps }
  | { do: 'confirmSelect'; actor: string }
  | { do: 'waitConfirms'; actor: string }
  | { do: 'qos'; actor: string; prefetch: number; global?: boolean }
  | { do: 'consume'; actor: string; queue: string; behaviour: Behaviour; consumerTag?: string; noAck?: boolean }
  | { do: 'get'; actor: string; queue: string; noAck?: boolean }
  | { do: 'ack'; actor: string; tag: number; multiple?: boolean }
  | { do: 'nack'; actor: string; tag: number; multiple?: boolean; requeue?: boolean }
  | { do: 'reject'; actor: string; tag: number; requeue?: boolean }
  /** A slow worker finishes: acks its oldest `count` held deliveries (default all). */
  | { do: 'work'; actor: string; count?: number }
  | { do: 'cancel'; actor: string; consumerTag: string }
  | { do: 'recover'; actor: string }
  /** The worker process dies: its connection drops without closing its channel. */
  | { do: 'crash'; actor: string }
  /** The client quits cleanly (channel.close, connection.close). */
  | { do: 'close'; actor: string }
  /** Advance the virtual clock (playground only; skipped over AMQP). */
  | { do: 'clock'; ms: number };

export type StepWithText = Step & { title: string; say: string; doc?: string };

/** Something a test can assert about the run. `where` limits it to one backend. */
export type Expectation =
  /** The actor's deliveries (bodies, in order) — optionally only the ones with this redelivered flag. */
  (
    | { type: 'received'; actor: string; bodies: string[]; redelivered?: boolean }
    /** The n-th delivery (0-based) the actor received has these fields. */
    | { type: 'delivery'; actor: string; nth: number; body?: string; redelivered?: boolean; tag?: number; header?: { name: string; includes: string } }
    | { type: 'ready'; queue: string; count: number }
    | { type: 'unacked'; queue: string; count: number }
    | { type: 'channelError'; actor: string; code: number; text?: string }
    | { type: 'noChannelError'; actor: string }
    | { type: 'returned'; actor: string; count: number }
    | { type: 'confirmed'; actor: string; acks: number }
    | { type: 'rpcReply'; actor: string; correlationId: string; body: string }
  ) & {
    after?: number;
    where?: 'playground' | 'amqp';
    /** Behaviour of this RabbitMQ version and later: skipped against an older RabbitMQ (the playground follows 4.2). */
    sinceRabbit?: string;
    why: string;
  };

export interface Scenario {
  name: string;
  title: string;
  group: 'tutorial' | 'pitfall';
  summary: string;
  docUrl: string;
  /** Actor names; each gets its own connection and one channel. */
  actors: string[];
  /** Queue type used by the scenario (quorum scenarios need RabbitMQ 3.8+). */
  steps: StepWithText[];
  expect: Expectation[];
  /** amqplib example code for this tutorial (opened in an editor by the extension). */
  example?: string;
  /** Needs RabbitMQ features newer than the test harness's 3.10 (e.g. 4.x delivery limit default). */
  minRabbit?: string;
}
