// What the scenario files share: the RabbitMQ documentation addresses their narration cites, and message lists.
export const TUT = 'https://www.rabbitmq.com/tutorials';
export const DOCS = 'https://www.rabbitmq.com/docs';
export const ACKS = `${DOCS}/confirms#consumer-acknowledgements`;

/** `n` message bodies: 'task 1' … 'task n' (or another prefix). */
export const tasks = (n: number, prefix = 'task'): string[] => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
