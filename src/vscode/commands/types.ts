// The shapes of the playground commands' arguments (programmatic callers and host tests use them).
import type { BasicProperties, FieldTable } from '../../broker';
import type { Services } from '../api';

// Command arguments come from VS Code (tree nodes, palette) and from other extensions: any shape.
export type Handler = (s: Services, ...args: any[]) => unknown;

export interface DeclareQueueOptions {
  name: string;
  type?: 'classic' | 'quorum';
  durable?: boolean;
  exclusive?: boolean;
  autoDelete?: boolean;
  arguments?: FieldTable | string;
}
export interface PublishOptions {
  exchange?: string;
  routingKey?: string;
  queue?: string;
  body: string;
  persistent?: boolean;
  properties?: BasicProperties;
  headers?: FieldTable | string;
}
export type GetMode = 'ack' | 'requeue' | 'reject';
