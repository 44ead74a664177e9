# A pika (python3-pika, Debian) client exercising the listener: declare, publish with properties and
# headers, confirms, basic_get, consume with manual ack, nack/requeue, then prints one JSON line per step.
import json
import sys
from decimal import Decimal

import pika

url, queue = sys.argv[1], sys.argv[2]
out = []
conn = pika.BlockingConnection(pika.URLParameters(url))
ch = conn.channel()
ch.confirm_delivery()
ch.queue_declare(queue=queue, durable=False, arguments={'x-max-length': 100})
for i in range(1, 6):
    ch.basic_publish(exchange='', routing_key=queue, body=f'p{i}'.encode(),
                     properties=pika.BasicProperties(content_type='text/plain', delivery_mode=2, priority=3,
                                                     headers={'n': i, 'big': 2 ** 40, 's': 'x', 'd': Decimal('1.5'), 'b': True, 'l': [1, 'a']}))
out.append({'step': 'published', 'confirmed': 5})
m, props, body = ch.basic_get(queue=queue, auto_ack=False)
out.append({'step': 'get', 'tag': m.delivery_tag, 'body': body.decode(), 'count': m.message_count,
            'headers': props.headers, 'ct': props.content_type, 'dm': props.delivery_mode, 'prio': props.priority})
ch.basic_nack(delivery_tag=m.delivery_tag, requeue=True)
ch.basic_qos(prefetch_count=2)
got = []
for method, props, body in ch.consume(queue, inactivity_timeout=2):
    if method is None:
        break
    got.append([method.delivery_tag, method.redelivered, body.decode()])
    ch.basic_ack(method.delivery_tag)
    if len(got) == 5:
        break
ch.cancel()
out.append({'step': 'consumed', 'got': got})
q = ch.queue_declare(queue=queue, passive=True)
out.append({'step': 'after', 'messages': q.method.message_count})
try:
    ch.basic_ack(delivery_tag=999)
    ch.queue_declare(queue=queue, passive=True)
except pika.exceptions.ChannelClosedByBroker as e:
    out.append({'step': 'double-ack', 'code': e.reply_code, 'text': e.reply_text})
conn.close()
print(json.dumps(out, default=str))
