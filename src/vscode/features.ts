// Features other areas add to the extension (the stepper, scenarios, lint, real brokers). Each is
// a function called once during activation with the extension context and the AckLab API; it
// returns its disposables. Add yours with one line here; keep its code in your own module.
import type { Feature } from './api';
import { registerLint } from './lint';
import { registerRemoteBrokers } from './remote';
import { registerStepper, StepperPanel } from './stepperPanel';
import { registerScenariosView } from './scenariosView';
import { registerTestRun } from './testRun';

export const features: Feature[] = [
  (context, api) => [registerLint(context, api.services)],
  (context, api) => registerRemoteBrokers(context, api),
  (_context, api) => registerTestRun(api),
  (context, api) => {
    const { playground, services } = api;
    return [
      registerStepper(
        context,
        {
          // live mode watches the running playground; opening it starts the broker if needed
          liveBroker: () => playground.broker,
          log: (level, text) => services.log[level](text),
        },
        services,
      ),
      registerScenariosView(),
      // a restarted broker is a new broker: an open live stepper follows it
      playground.onDidChangeBroker((b) => {
        if (b && StepperPanel.current?.isLive) void StepperPanel.current.showLive();
      }),
    ];
  },
];
