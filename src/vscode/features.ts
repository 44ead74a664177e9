// Features other areas add to the extension (the stepper, scenarios, lint, real brokers). Each is
// a function called once during activation with the extension context and the AckLab API; it
// returns its disposables. Add yours with one line here; keep its code in your own module.
import type * as vscode from 'vscode';
import type { AckLabApi } from './main';
import { registerLint } from './lint';
import { registerRemoteBrokers } from './remoteBrokers';
import { registerStepper, StepperPanel } from './stepperPanel';
import { registerScenariosView } from './scenariosView';
import { registerTestRun } from './testRun';

export type Feature = (context: vscode.ExtensionContext, api: AckLabApi) => vscode.Disposable[] | Promise<vscode.Disposable[]>;

export const features: Feature[] = [
  (context, api) => [registerLint(context, api.services.log)],
  (context, api) => registerRemoteBrokers(context, api),
  (_context, api) => registerTestRun(api),
  (context, api) => {
    const { playground, services } = api;
    return [
      registerStepper(context, {
        // live mode watches the running playground; opening it starts the broker if needed
        liveBroker: () => playground.broker,
        log: (level, text) => services.log[level](text),
      }),
      registerScenariosView(),
      // a restarted broker is a new broker: an open live stepper follows it
      playground.onDidChangeBroker((b) => { if (b && StepperPanel.current?.isLive) StepperPanel.current.showLive(); }),
    ];
  },
];
