// Public API of the playground: the broker as the extension and `acklab serve` run it. Import from
// here ('../playground'). No vscode import anywhere in this folder (checked by eslint.config.mjs).
//
//   lifecycle.ts        Playground: start / stop / restart / reconfigure, one state at a time
//   state.ts            BrokerState and its transition table
//   port.ts             the AMQP port (5672, else the first free from 5673; explicit = must be free)
//   listener.ts         the AMQP 0-9-1 listener (src/amqp) as a ListenerFactory
//   settings.ts         acklab.* settings: defaults, validation, what a change restarts
//   persistence.ts      StateStore: the seam to persistence (when is the lifecycle's, how is the store's)
//   admin.ts            the playground's own connection, closing clients "from the server", previews
//   queuesModel.ts      view model of the Queues tree (playground root → queues → consumers/deliveries)
//   connectionsModel.ts view model of the Connections tree
//   itemView.ts         ItemView: what a tree row shows, as plain data
//   format.ts           the texts of the rows and the status bar
//   coalesce.ts         at most one refresh per interval, with only the changed keys
export { Playground, type PlaygroundOptions, type LogFn, type LogLevel } from './lifecycle';
export { StateMachine, canMove, type BrokerState } from './state';
export { choosePort, portIsFree, DEFAULT_AMQP_PORT } from './port';
export { amqpListener, listenerFactory, type Listener, type ListenerFactory, type AmqpListenerOptions } from './listener';
export { readSettings, settingsImpact, SETTINGS, type Settings, type SettingsResult } from './settings';
export { extensionStateFile, dataDirStore, type StateStore } from './persistence';
export { QueuesModel, queueOfNode, channelOfNode, type PlaygroundNode, type QueueNode, type QueuesChange, type Totals } from './queuesModel';
export { ConnectionsModel, connectionOfNode, channelOfConnectionNode, type ConnectionNode, type ConnectionsChange } from './connectionsModel';
export type { ItemView, Collapsible } from './itemView';
export { amqpUrl, bodyPreview, statusText } from './format';
