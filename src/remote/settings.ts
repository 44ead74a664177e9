// The `acklab.brokers` setting: which real brokers appear in the tree. Passwords never live here;
// the extension keeps them in SecretStorage and hands them to the client separately.

export interface BrokerConfig {
  /** Unique display name; with managementUrl, the SecretStorage key of its password. */
  name: string;
  /** Management API base URL, e.g. http://localhost:15672 (no /api, no credentials). */
  managementUrl: string;
  /** AMQP URL for "run scenario on this broker", e.g. amqp://user@host:5672/vhost (no password). */
  amqpUrl?: string;
  /** Management API user (default: the user in amqpUrl, else "guest"). */
  username: string;
  /** Only these vhosts are shown (default: all the user may see). */
  vhosts?: string[];
}

export interface Credentials {
  username: string;
  password: string;
}

export interface BrokerSettingsResult {
  brokers: BrokerConfig[];
  /** One message per rejected entry or field, naming the entry: show them, never drop entries silently. */
  errors: string[];
}

/** Prefix of every SecretStorage key holding a broker password. */
export const SECRET_PREFIX = 'acklab.broker.password:';

/** Key of a broker's password: its name AND its management URL, so a settings entry that reuses the name with
 *  another URL (a workspace's, say) does not get the password saved for the first one. */
export const secretKey = (b: Pick<BrokerConfig, 'name' | 'managementUrl'>): string => `${SECRET_PREFIX}${b.name}@${b.managementUrl}`;

/** The key of versions that keyed passwords by name only (read once, to offer moving it under secretKey). */
export const legacySecretKey = (name: string): string => `${SECRET_PREFIX}${name}`;

/** What to do for a broker's password, given the URLs a password was saved for under this name. */
export type PasswordPlan = { kind: 'use' } | { kind: 'ask'; savedFor: string | undefined } | { kind: 'none' };

/** Saved for this URL: use it. Saved for another URL, or by a version that did not record one: ask before
 *  sending it here. Nothing saved: none. */
export function planPassword(b: Pick<BrokerConfig, 'managementUrl'>, savedUrls: readonly string[], legacy: boolean): PasswordPlan {
  if (savedUrls.includes(b.managementUrl)) return { kind: 'use' };
  if (savedUrls.length) return { kind: 'ask', savedFor: savedUrls[0] };
  return legacy ? { kind: 'ask', savedFor: undefined } : { kind: 'none' };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one management URL; returns the normalized URL (no trailing slash) or an error message. */
export function checkManagementUrl(raw: unknown): { url: string } | { error: string } {
  if (typeof raw !== 'string' || raw.trim() === '') return { error: 'managementUrl is required (e.g. http://localhost:15672)' };
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { error: `managementUrl "${raw}" is not a URL (e.g. http://localhost:15672)` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    return {
      error: `managementUrl must start with http:// or https:// (got ${u.protocol}${u.protocol.startsWith('amqp') ? ': that is the AMQP URL; the management API is usually http://host:15672' : ''})`,
    };
  }
  if (u.username || u.password) return { error: 'managementUrl must not contain a user or password; the password is kept in VS Code SecretStorage' };
  if (u.search || u.hash) return { error: 'managementUrl must not contain a query or fragment' };
  let path = u.pathname.replace(/\/+$/, '');
  if (/\/api$/.test(path)) path = path.slice(0, -4); // tolerate a trailing /api: the client adds it
  return { url: `${u.protocol}//${u.host}${path}` };
}

/** Validates an AMQP URL; returns the user in it (if any) or an error message. */
export function checkAmqpUrl(raw: unknown): { user?: string } | { error: string } {
  if (typeof raw !== 'string' || raw.trim() === '') return { error: 'amqpUrl must be a non-empty string' };
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { error: `amqpUrl "${raw}" is not a URL (e.g. amqp://localhost:5672)` };
  }
  if (u.protocol !== 'amqp:' && u.protocol !== 'amqps:') return { error: `amqpUrl must start with amqp:// or amqps:// (got ${u.protocol})` };
  if (u.password) return { error: 'amqpUrl must not contain a password; the password is kept in VS Code SecretStorage' };
  return u.username ? { user: decodeURIComponent(u.username) } : {};
}

/** Validates the raw `acklab.brokers` value (anything the user typed in settings.json). */
export function parseBrokerSettings(raw: unknown): BrokerSettingsResult {
  const brokers: BrokerConfig[] = [];
  const errors: string[] = [];
  if (raw === undefined || raw === null) return { brokers, errors };
  if (!Array.isArray(raw)) return { brokers, errors: ['acklab.brokers must be an array of { name, managementUrl, amqpUrl?, username?, vhosts? }'] };
  const names = new Set<string>();
  raw.forEach((entry, i) => {
    const label = isObj(entry) && typeof entry.name === 'string' && entry.name.trim() ? `acklab.brokers "${entry.name.trim()}"` : `acklab.brokers[${i}]`;
    if (!isObj(entry)) {
      errors.push(`${label} must be an object`);
      return;
    }
    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (!name) {
      errors.push(`${label}: name is required`);
      return;
    }
    if (names.has(name)) {
      errors.push(`${label}: duplicate name (names must be unique)`);
      return;
    }
    if ('password' in entry) {
      errors.push(`${label}: remove "password" from settings; use the "AckLab: Set Broker Password" command (stored in SecretStorage)`);
      return;
    }
    const m = checkManagementUrl(entry.managementUrl);
    if ('error' in m) {
      errors.push(`${label}: ${m.error}`);
      return;
    }
    let amqpUser: string | undefined;
    let amqpUrl: string | undefined;
    if (entry.amqpUrl !== undefined) {
      const a = checkAmqpUrl(entry.amqpUrl);
      if ('error' in a) {
        errors.push(`${label}: ${a.error}`);
        return;
      }
      amqpUser = a.user;
      amqpUrl = String(entry.amqpUrl).trim();
    }
    let username = amqpUser ?? 'guest';
    if (entry.username !== undefined) {
      if (typeof entry.username !== 'string' || entry.username.trim() === '') {
        errors.push(`${label}: username must be a non-empty string`);
        return;
      }
      username = entry.username.trim();
    }
    let vhosts: string[] | undefined;
    if (entry.vhosts !== undefined) {
      if (!Array.isArray(entry.vhosts) || entry.vhosts.some((v) => typeof v !== 'string' || v === '')) {
        errors.push(`${label}: vhosts must be an array of vhost names, e.g. ["/", "orders"]`);
        return;
      }
      vhosts = [...new Set(entry.vhosts as string[])];
    }
    for (const k of Object.keys(entry)) {
      if (!['name', 'managementUrl', 'amqpUrl', 'username', 'vhosts'].includes(k)) errors.push(`${label}: unknown field "${k}" ignored`);
    }
    names.add(name);
    brokers.push({ name, managementUrl: m.url, ...(amqpUrl ? { amqpUrl } : {}), username, ...(vhosts ? { vhosts } : {}) });
  });
  return { brokers, errors };
}
