// What the playground does to a running broker on the user's behalf: its own admin connection
// (declare, publish, get from the commands) and closing a client's connection or channel "from the
// server" (a crashed worker: its unacked messages are requeued). While it runs it keeps the broker's
// content retained, so the Queues tree's previews (Broker.messageContent, the one content accessor)
// are O(1); with persistence on, the state file already retains it, so this costs nothing more.
import { sinkOf, type Broker, type BrokerChannel, type BrokerConnection } from '../broker';

const ADMIN_CLIENT = 'AckLab (VS Code)';

export class Admin {
  private conn: BrokerConnection | undefined;
  private ch: BrokerChannel | undefined;
  private nextChannel = 1;
  private readonly retain: { dispose(): void };

  constructor(private readonly broker: Broker) {
    this.retain = broker.retainContent();
  }

  /** The admin connection's id (the Connections view hides it). */
  get connectionId(): number | undefined {
    return this.conn?.id;
  }

  /** A channel on the playground's own connection, reopened after a channel error closed it. */
  channel(): BrokerChannel {
    if (!this.conn || !this.conn.isOpen) {
      this.conn = this.broker.connect({ clientName: ADMIN_CLIENT, user: 'guest', vhost: '/', remoteAddress: '' }, sinkOf());
      this.ch = undefined;
      this.nextChannel = 1;
    }
    if (!this.ch || !this.ch.isOpen) this.ch = this.conn.openChannel(this.nextChannel++);
    return this.ch;
  }

  /** Closes a client's connection as the server (320 CONNECTION_FORCED): its unacked messages are requeued. */
  closeConnection(id: number, reason = 'Closed from AckLab'): void {
    this.broker.closeConnectionByServer(id, reason);
  }

  /** Closes one channel as the server (320 on that channel): its unacked messages are requeued. */
  closeChannel(connectionId: number, channel: number, reason = 'Closed from AckLab'): void {
    this.broker.closeChannelByServer(connectionId, channel, reason);
  }

  dispose(): void {
    this.retain.dispose();
  }
}
