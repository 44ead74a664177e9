// The ack mode set outside the linted file: Spring Boot properties/YAML, a named containerFactory bean in another
// file, class-level @RabbitListener with @RabbitHandler methods, ChannelAwareMessageListener, and a NestJS RMQ
// microservice's noAck in main.ts. Project files are untrusted: broken or hostile ones mean "unknown", never a crash.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createLinter, type Linter } from '../../../src/lint/index';

const LISTENER = `package app;
import com.rabbitmq.client.Channel;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
class Orders {
  @RabbitListener(queues = "orders")
  public void acking(Message m, Channel channel) throws Exception {
    handle(m);
    channel.basicAck(m.getMessageProperties().getDeliveryTag(), false);
  }
  @RabbitListener(queues = "audit")
  public void forgetful(Message m, Channel channel) {
    handle(m);
  }
}
`;

const CONTROLLER = `import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, RmqContext } from '@nestjs/microservices';
@Controller()
export class OrdersController {
  @EventPattern('order_created')
  handle(@Payload() data: unknown, @Ctx() context: RmqContext) {
    const channel = context.getChannelRef();
    work(data);
    channel.ack(context.getMessage());
  }
}
`;

describe('lint: ack mode from project configuration', function () {
  this.timeout(60_000);
  let linter: Linter;
  let dir: string;
  let base: string;
  before(async () => {
    linter = await createLinter({ languages: ['java', 'typescript'] });
  });
  after(() => linter.dispose());
  beforeEach(() => {
    base = dir = mkdtempSync(join(tmpdir(), 'acklab-project-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const put = (rel: string, text: string) => {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
    return p;
  };
  const lint = (path: string, text: string) => linter.lint(text, path).map((f) => `${f.rule}:${f.range.start.line + 1}`);
  const javaFile = () => put('src/main/java/app/Orders.java', LISTENER);

  it('without configuration Spring acks itself (AUTO): a manual basicAck is a second settle', () => {
    put('pom.xml', '<project/>');
    assert.deepEqual(lint(javaFile(), LISTENER), ['ack-in-auto-ack:9']);
  });

  it('application.properties acknowledge-mode=manual: the acking listener is right, the other leaks', () => {
    put('pom.xml', '<project/>');
    put('src/main/resources/application.properties', 'server.port=8080\nspring.rabbitmq.listener.simple.acknowledge-mode=manual\n');
    assert.deepEqual(lint(javaFile(), LISTENER), ['missing-ack:11']);
  });

  it('application.yml with the direct container and nested keys', () => {
    put('build.gradle', '');
    put('src/main/resources/application.yml', 'spring:\n  rabbitmq:\n    listener:\n      direct:\n        acknowledge-mode: manual\n');
    assert.deepEqual(lint(javaFile(), LISTENER), ['missing-ack:11']);
  });

  it("a listener's containerFactory bean (in another file) that sets AcknowledgeMode.MANUAL", () => {
    put('pom.xml', '<project/>');
    put(
      'src/main/java/app/RabbitConfig.java',
      `package app;
class RabbitConfig {
  @Bean
  public SimpleRabbitListenerContainerFactory manualFactory(ConnectionFactory cf) {
    SimpleRabbitListenerContainerFactory f = new SimpleRabbitListenerContainerFactory();
    f.setConnectionFactory(cf);
    f.setAcknowledgeMode(AcknowledgeMode.MANUAL);
    return f;
  }
}
`,
    );
    const text = LISTENER.replace(/queues = "(\w+)"/g, 'queues = "$1", containerFactory = "manualFactory"');
    assert.deepEqual(lint(put('src/main/java/app/Orders.java', text), text), ['missing-ack:11']);
  });

  it('class-level @RabbitListener: its @RabbitHandler methods are analysed', () => {
    put('pom.xml', '<project/>');
    put('src/main/resources/application.properties', 'spring.rabbitmq.listener.simple.acknowledge-mode=MANUAL\n');
    const text = `package app;
import com.rabbitmq.client.Channel;
import org.springframework.amqp.rabbit.annotation.*;
@RabbitListener(queues = "events")
class Events {
  @RabbitHandler
  public void onCreated(Created e, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long tag) throws Exception {
    if (e.valid()) channel.basicAck(tag, false);
  }
}
`;
    assert.deepEqual(lint(put('src/main/java/app/Events.java', text), text), ['missing-ack:6']);
  });

  it('ChannelAwareMessageListener whose container is set to MANUAL in the same file', () => {
    const text = `package app;
import com.rabbitmq.client.Channel;
import org.springframework.amqp.core.*;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;
class Worker implements ChannelAwareMessageListener {
  void configure(SimpleMessageListenerContainer c) { c.setAcknowledgeMode(AcknowledgeMode.MANUAL); c.setMessageListener(this); }
  @Override
  public void onMessage(Message message, Channel channel) throws Exception {
    try {
      handle(message);
      channel.basicAck(message.getMessageProperties().getDeliveryTag(), false);
    } catch (IllegalStateException ex) {
      log.warn("bad message", ex);
    }
  }
}
`;
    assert.deepEqual(lint(put('src/main/java/app/Worker.java', text), text), ['missing-ack:8']);
  });

  it('NestJS: noAck: false in main.ts makes the controller ack right; without it the ack is an auto-ack error', () => {
    put('package.json', '{}');
    const ctl = put('src/orders.controller.ts', CONTROLLER);
    assert.deepEqual(lint(ctl, CONTROLLER), ['ack-in-auto-ack:9']);
    dir = join(dir, 'other'); // another project (configuration is cached per project for a few seconds)
    put('package.json', '{}');
    put(
      'src/main.ts',
      `import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
const app = await NestFactory.createMicroservice(AppModule, {
  transport: Transport.RMQ,
  options: { urls: ['amqp://localhost'], queue: 'orders', noAck: false },
});
`,
    );
    const ctl2 = put('src/orders/orders.controller.ts', CONTROLLER);
    assert.deepEqual(lint(ctl2, CONTROLLER), []);
    const forgetful = CONTROLLER.replace('    channel.ack(context.getMessage());\n', '');
    assert.deepEqual(lint(ctl2, forgetful), ['missing-ack:5']);
  });

  it('broken, huge or odd configuration files mean "unknown" and never throw', () => {
    put('pom.xml', '<project/>');
    put('src/main/resources/application.yml', 'spring: [unclosed\n  rabbitmq: {{{{\n');
    mkdirSync(join(dir, 'src/main/resources/application.properties'), { recursive: true }); // a directory
    assert.deepEqual(lint(javaFile(), LISTENER), ['ack-in-auto-ack:9']);
    dir = join(dir, 'other');
    put('pom.xml', '<project/>');
    // 1 MB of anchors and aliases (a YAML bomb shape): read bounded, parsed safely or rejected.
    put(
      'src/main/resources/application.yml',
      `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from(
        { length: 9 },
        (_, i) =>
          `b${i}: &b${i} [${Array(9)
            .fill(i ? `*b${i - 1}` : '*a')
            .join(',')}]`,
      ).join('\n')}\n${'#'.repeat(1024 * 1024)}\n`,
    );
    assert.deepEqual(lint(javaFile(), LISTENER), ['ack-in-auto-ack:9']);
  });
});
