// Project configuration that sets a framework's ack mode outside the linted file: Spring Boot's
// `spring.rabbitmq.listener.{simple,direct}.acknowledge-mode` (application.properties / application.yml), a named
// Spring `containerFactory` bean's `setAcknowledgeMode(...)`, and a NestJS RMQ microservice's `noAck` (main.ts or
// a module). Workspace files are untrusted input: every read is bounded in size and count, errors mean "unknown",
// and results are cached per project root (an editor re-lint reads nothing new).
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load as loadYaml, JSON_SCHEMA } from 'js-yaml';

export type FrameworkAckMode = 'manual' | 'auto' | 'none';

/** The most read from one configuration or source file. */
const MAX_FILE = 256 * 1024;
/** The most source files scanned per project for a bean or the microservice options. */
const MAX_SOURCES = 400;
/** Directory levels walked up from a file to find its project. */
const MAX_UP = 12;
/** Files that mark a project's root (the walk stops there). */
const ROOT_MARKERS = ['pom.xml', 'build.gradle', 'build.gradle.kts', 'package.json', '.git'];
const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'target', 'out', 'vendor', '.gradle', '.idea', 'bin', 'obj']);

/** Read at most MAX_FILE bytes of a regular file as UTF-8, or undefined. */
export function readBounded(path: string): string | undefined {
  let fd: number | undefined;
  try {
    const st = statSync(path);
    if (!st.isFile()) return undefined;
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(Math.min(st.size, MAX_FILE));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
  }
}

const exists = (p: string) => {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
};

/** The project root of a file: the nearest directory up that has a build file, package.json or .git. */
export function projectRoot(file: string): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < MAX_UP; i++) {
    if (ROOT_MARKERS.some((m) => exists(join(dir, m)))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/** Source files under `dir` with one of `exts`, depth-first, at most MAX_SOURCES (build and dependency folders skipped). */
function sourceFiles(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    if (out.length >= MAX_SOURCES || depth > 12) return;
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= MAX_SOURCES) return;
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name) && !e.name.startsWith('.')) walk(join(d, e.name), depth + 1);
      } else if (e.isFile() && exts.some((x) => e.name.endsWith(x))) out.push(join(d, e.name));
    }
  };
  walk(dir, 0);
  return out;
}

function modeName(v: unknown): FrameworkAckMode | undefined {
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  return s === 'manual' || s === 'auto' || s === 'none' ? s : undefined;
}

/** `spring.rabbitmq.listener.simple.acknowledge-mode` (or `.direct.`, or relaxed `acknowledgeMode`) in a
 *  .properties text. */
export function springModeFromProperties(text: string): FrameworkAckMode | undefined {
  const re = /^\s*spring\.rabbitmq\.listener\.(?:simple|direct)\.acknowledge-?mode\s*[=:]\s*(\w+)/im;
  return modeName(re.exec(text)?.[1]);
}

/** The same key in an application.yml text (nested maps or dotted keys); undefined on any YAML error. */
export function springModeFromYaml(text: string): FrameworkAckMode | undefined {
  let docs: unknown[];
  try {
    docs = [];
    // A YAML file may hold several documents (profiles); the first that sets the mode wins.
    for (const part of text.split(/^---\s*$/m)) docs.push(loadYaml(part, { schema: JSON_SCHEMA }));
  } catch {
    return undefined;
  }
  const get = (o: unknown, path: string[]): unknown => {
    if (!path.length) return o;
    if (!o || typeof o !== 'object') return undefined;
    const rec = o as Record<string, unknown>;
    // Keys may be nested (`spring: rabbitmq: …`) or dotted (`spring.rabbitmq.listener…: manual`).
    for (let k = path.length; k >= 1; k--) {
      const key = path.slice(0, k).join('.');
      for (const cand of [key, key.replace('acknowledge-mode', 'acknowledgeMode')]) {
        if (Object.prototype.hasOwnProperty.call(rec, cand)) {
          const v = get(rec[cand], path.slice(k));
          if (v !== undefined) return v;
        }
      }
    }
    return undefined;
  };
  for (const d of docs) {
    for (const kind of ['simple', 'direct']) {
      const m = modeName(get(d, ['spring', 'rabbitmq', 'listener', kind, 'acknowledge-mode']));
      if (m) return m;
    }
  }
  return undefined;
}

/** The ack mode a Spring container factory bean named `name` sets, from Java source text, or undefined. */
export function factoryModeIn(text: string, name: string): FrameworkAckMode | undefined {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const decl = new RegExp(`@Bean\\s*\\(\\s*(?:name\\s*=\\s*|value\\s*=\\s*)?\\{?\\s*"${esc}"|\\b${esc}\\s*\\([^)]*\\)\\s*(?:throws[^{]*)?\\{`);
  const m = decl.exec(text);
  if (!m) return undefined;
  // The bean's body: up to the next @Bean (or 4,000 characters).
  const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 4000);
  const body = rest.split(/@Bean\b/)[0];
  const mode = /setAcknowledgeMode\s*\(\s*AcknowledgeMode\.(MANUAL|AUTO|NONE)\s*\)/.exec(body);
  return mode ? modeName(mode[1]) : undefined;
}

/** NestJS: the `noAck` of a `Transport.RMQ` microservice in a source text, or undefined. */
export function nestNoAckIn(text: string): boolean | undefined {
  const at = text.search(/Transport\.RMQ\b/);
  if (at < 0) return undefined;
  const m = /\bnoAck\s*:\s*(true|false)\b/.exec(text.slice(at, at + 3000));
  return m ? m[1] === 'true' : undefined;
}

export interface ProjectConfig {
  /** Spring Boot's listener acknowledge-mode from application.properties / application.yml. */
  springAckMode(): FrameworkAckMode | undefined;
  /** The ack mode of the container factory bean `name`, from the project's Java sources. */
  springFactoryMode(name: string): FrameworkAckMode | undefined;
  /** NestJS RMQ microservice `noAck` from the project's TypeScript/JavaScript sources. */
  nestNoAck(): boolean | undefined;
}

const NONE: ProjectConfig = { springAckMode: () => undefined, springFactoryMode: () => undefined, nestNoAck: () => undefined };
/** Cached per project root for this long: an editor re-lint reads nothing, an edited config is seen soon after. */
const CACHE_MS = 5_000;
const cache = new Map<string, { cfg: ProjectConfig; at: number }>();

/** The project configuration for a file (cached per project root; read lazily, once). */
export function projectConfigFor(file: string | undefined): ProjectConfig {
  if (!file || !/[\\/]/.test(file)) return NONE;
  const root = projectRoot(file);
  if (!root) return NONE;
  const now = Date.now();
  const hit = cache.get(root);
  if (hit && now - hit.at < CACHE_MS) return hit.cfg;
  let spring: { v: FrameworkAckMode | undefined } | undefined;
  let nest: { v: boolean | undefined } | undefined;
  let javaSources: string[] | undefined;
  const factories = new Map<string, FrameworkAckMode | undefined>();
  const cfg: ProjectConfig = {
    springAckMode() {
      if (spring) return spring.v;
      let v: FrameworkAckMode | undefined;
      for (const dir of [join(root, 'src', 'main', 'resources'), root, join(root, 'config')]) {
        for (const name of ['application.properties', 'application.yml', 'application.yaml']) {
          const text = readBounded(join(dir, name));
          if (text === undefined) continue;
          v = name.endsWith('.properties') ? springModeFromProperties(text) : springModeFromYaml(text);
          if (v) break;
        }
        if (v) break;
      }
      spring = { v };
      return v;
    },
    springFactoryMode(name: string) {
      if (factories.has(name)) return factories.get(name);
      javaSources ??= sourceFiles(join(root, 'src'), ['.java', '.kt']);
      let v: FrameworkAckMode | undefined;
      for (const f of javaSources) {
        const text = readBounded(f);
        if (text && text.includes(name) && (v = factoryModeIn(text, name))) break;
      }
      factories.set(name, v);
      return v;
    },
    nestNoAck() {
      if (nest) return nest.v;
      let v: boolean | undefined;
      for (const f of sourceFiles(join(root, 'src'), ['.ts', '.js'])) {
        const text = readBounded(f);
        if (text && (v = nestNoAckIn(text)) !== undefined) break;
      }
      nest = { v };
      return v;
    },
  };
  cache.set(root, { cfg, at: now });
  return cfg;
}

/** Forget cached project configuration (the editor calls this when a configuration file changes). */
export function clearProjectConfig(): void {
  cache.clear();
}
