// The playground's settings (acklab.*): defaults, validation and clear error texts. Pure (no vscode
// import): src/vscode reads raw values with `workspace.getConfiguration('acklab').get(key)` and passes
// them here. package.json's contributes.configuration mirrors SETTINGS (a unit test checks they agree).
// Hand-written checks rather than a schema library: eight flat values, and each error text names the
// setting, the value and what is allowed, as the user sees it.
import { isProfile, PROFILE_NAMES, type Profile } from '../broker';
import { DEFAULT_AMQP_PORT } from './port';

export interface Settings {
  amqpEnabled: boolean;
  /** 5672 means "5672, or the first free port from 5673"; any other value must be free. */
  amqpPort: number;
  bindAddress: string;
  profile: Profile;
  /** Consumer acknowledgement timeout in ms; 0 = none. */
  consumerTimeoutMs: number;
  /** Events kept in the broker's log (the stepper's history). */
  logSize: number;
  /** Extension-host memory (MiB) above which AMQP publishers are blocked (connection.blocked). 0 = no limit. */
  memoryLimitMb: number;
  /** Persist durable state across window reloads. */
  persist: boolean;
}

interface Spec<K extends keyof Settings> {
  key: string;
  field: K;
  default: Settings[K];
  check(v: unknown): string | undefined;
}

const int = (min: number, max: number) => (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `must be a whole number from ${min} to ${max}`;
const bool = (v: unknown) => (typeof v === 'boolean' ? undefined : 'must be true or false');

const HOST_RE = /^(?:localhost|(?:\d{1,3}\.){3}\d{1,3}|::1?|[0-9a-fA-F:]+|[a-zA-Z0-9][a-zA-Z0-9.-]*)$/;

export const SETTINGS: { [K in keyof Settings]: Spec<K> } = {
  amqpEnabled: { key: 'amqp.enabled', field: 'amqpEnabled', default: true, check: bool },
  amqpPort: { key: 'amqp.port', field: 'amqpPort', default: DEFAULT_AMQP_PORT, check: int(1, 65535) },
  bindAddress: {
    key: 'amqp.bindAddress',
    field: 'bindAddress',
    default: '127.0.0.1',
    check: (v) => {
      if (typeof v !== 'string' || !v.trim()) return 'must be a host name or IP address such as 127.0.0.1';
      if (!HOST_RE.test(v.trim())) return `"${v}" is not a host name or IP address`;
      if (/^(\d{1,3}\.){3}\d{1,3}$/.test(v) && v.split('.').some((o) => Number(o) > 255)) return `"${v}" is not a valid IPv4 address`;
      return undefined;
    },
  },
  profile: {
    key: 'profile',
    field: 'profile',
    default: 'rabbitmq',
    check: (v) => (isProfile(v) ? undefined : `must be one of ${PROFILE_NAMES.map((p) => `"${p}"`).join(', ')}`),
  },
  consumerTimeoutMs: { key: 'consumerTimeout', field: 'consumerTimeoutMs', default: 1_800_000, check: int(0, 7 * 24 * 3_600_000) },
  logSize: { key: 'logSize', field: 'logSize', default: 10_000, check: int(0, 5_000_000) },
  memoryLimitMb: { key: 'memoryLimitMb', field: 'memoryLimitMb', default: 1024, check: int(0, 65_536) },
  persist: { key: 'persistState', field: 'persist', default: true, check: bool },
};

export interface SettingsResult {
  settings: Settings;
  /** One text per bad value, naming the setting, the value and what is allowed. */
  errors: string[];
}

/** Validates raw values (undefined = not set → default). Bad values fall back to the default. */
export function readSettings(get: (key: string) => unknown): SettingsResult {
  const errors: string[] = [];
  const out: Record<string, unknown> = {};
  for (const spec of Object.values(SETTINGS) as Spec<keyof Settings>[]) {
    const raw = get(spec.key);
    if (raw === undefined || raw === null) {
      out[spec.field] = spec.default;
      continue;
    }
    const problem = spec.check(raw);
    if (problem) {
      errors.push(`acklab.${spec.key} ${problem} (got ${JSON.stringify(raw)}); using ${JSON.stringify(spec.default)}.`);
      out[spec.field] = spec.default;
    } else {
      out[spec.field] = typeof raw === 'string' ? raw.trim() : raw;
    }
  }
  return { settings: out as unknown as Settings, errors };
}

/** Which parts of the running broker a settings change affects. */
export function settingsImpact(a: Settings, b: Settings): { restartBroker: boolean; restartListener: boolean } {
  const restartBroker =
    a.profile !== b.profile || a.consumerTimeoutMs !== b.consumerTimeoutMs || a.logSize !== b.logSize || a.memoryLimitMb !== b.memoryLimitMb;
  const restartListener = restartBroker || a.amqpEnabled !== b.amqpEnabled || a.amqpPort !== b.amqpPort || a.bindAddress !== b.bindAddress;
  return { restartBroker, restartListener };
}
