// The missing-ack engine: finds consume handlers through the library profiles, walks every path through each
// handler counting how often the delivery is settled, and turns the result into findings with quick fixes.
import { precisionOf, type Evidence } from './confidence';
import { FAMILY, type Family, type LanguageId } from './languages';
import { Budget } from './limits';
import { factoryModeIn, projectConfigFor, type FrameworkAckMode } from './project';
import type { ConsumeSpec, Profile, SettleSpec } from './profiles';
import { carrierNames, wrapsDelivery } from './carriers';
import { returnedFunctions } from './factories';
import { assignedOptions, factoryParam, negatedName } from './flags';
import { deferredCallbackTail, indentAt, nestedFunctions, removeStatementFix } from './fixEdits';
import { stateFieldVariable } from './stateFields';
import { consumerCallbacks, otherCallbackMaySettle } from './siblings';
import { boolValue, callTypes, funcTypes, isComment, lastSegment, optionValue, stmts, stringValue, type Call, type Func, type SNode } from './syntax';
import { callOf } from './syntaxCalls';
import { flowOf } from './syntaxFlow';
import { funcOf } from './syntaxFuncs';
import type { Precision, RuleId, RuleOptions } from './types';

/** What the analysis of one file gets besides its tree. */
export interface AnalysisContext {
  /** Time and nesting bounds (limits.ts). */
  budget: Budget;
  /** The file's path, when known (project configuration near it is read for the ack mode). */
  file?: string;
  /** The profiles were detected from the file's imports (else they are the language's fallback: weaker findings). */
  detected?: boolean;
  /** Rule options that change the analysis (own settle helpers, channel names). */
  options?: RuleOptions;
}

// ---------------------------------------------------------------------------------------------------------------
// Path states

interface St {
  /** How many times the delivery has been settled on this path (saturates at 2). */
  n: number;
  s1?: SNode;
  s2?: SNode;
  /** The path runs only when there is no delivery (amqplib passes null on cancel). */
  nul: boolean;
  /** How the path left the handler early (return/throw/continue), for messages and fix safety. */
  via?: SNode;
}

class Flowing {
  ret: St[] = [];
  thr: St[] = [];
  brk: St[] = [];
  cont: St[] = [];
}

const MAX_STATES = 24;
function key(s: St): string {
  return `${s.n}:${s.s1?.startIndex ?? ''}:${s.s2?.startIndex ?? ''}:${s.nul ? 1 : 0}`;
}
function dedupe(xs: St[]): St[] {
  if (xs.length < 2) return xs;
  const seen = new Map<string, St>();
  for (const s of xs) if (!seen.has(key(s))) seen.set(key(s), s);
  let out = [...seen.values()];
  if (out.length > MAX_STATES) {
    const coarse = new Map<string, St>();
    for (const s of out) {
      const k = `${s.n}:${s.nul}`;
      if (!coarse.has(k)) coarse.set(k, s);
    }
    out = [...coarse.values()];
  }
  return out;
}
const withVia = (xs: St[], via: SNode): St[] => xs.map((s) => (s.via ? s : { ...s, via }));

// ---------------------------------------------------------------------------------------------------------------
// File index

function descendants(root: SNode, types: string[]): SNode[] {
  const anyRoot = root as SNode & { descendantsOfType?: (t: string[]) => SNode[] };
  if (typeof anyRoot.descendantsOfType === 'function') return anyRoot.descendantsOfType(types);
  const out: SNode[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (types.includes(n.type)) out.push(n);
    for (let i = n.namedChildren.length - 1; i >= 0; i--) stack.push(n.namedChildren[i]);
  }
  return out;
}

interface FileIndex {
  fam: Family;
  language: LanguageId;
  text: string;
  root: SNode;
  /** Same-file functions by name (looked up lazily: text search, then the node at that offset). */
  funcsByName: { get(name: string): Func[] | undefined };
  /** Calls with one of these names (callee's last segment), in source order. */
  callsNamed(names: readonly string[]): Call[];
  /** Calls passing the identifier `name` as an argument. */
  callsWithArg(name: string): Call[];
  knownChannels: Set<string>;
  /** Own functions that settle the delivery passed to them (option ackFunctions). */
  ackFunctions: ReadonlySet<string>;
  budget: Budget;
  file?: string;
  detected: boolean;
}

type TSNode = SNode & { descendantForIndex?(start: number, end?: number): SNode | null };

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isWordChar = (c: string | undefined) => !!c && /[\w$@]/.test(c);

/** Offsets where `name` occurs as a whole word. */
function occurrences(text: string, name: string): number[] {
  const out: number[] = [];
  if (!name) return out;
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + name.length)) {
    if ((!isWordChar(text[i - 1]) && !isWordChar(text[i + name.length])) || (name.startsWith('$') && !isWordChar(text[i + name.length]))) out.push(i);
  }
  return out;
}

/** A cheap textual test that `name` may be defined in the file as a function (skips scanning its call sites). */
function maybeDefined(fam: Family, text: string, name: string): boolean {
  const n = escapeRe(name);
  const res: Record<Family, string> = {
    js: `function\\s*\\*?\\s*${n}\\s*\\(|\\b${n}\\s*[=:]\\s*(?:async\\b|function\\b|\\(|[A-Za-z_$][\\w$]*\\s*=>)|^[ \\t]*(?:(?:async|static|private|public|protected|readonly|override|get|set)\\s+)*\\*?${n}\\s*(?:<[^>]*>)?\\(`,
    py: `def\\s+${n}\\b|\\b${n}\\s*=\\s*lambda\\b`,
    go: `func\\s+(?:\\([^)]*\\)\\s*)?${n}\\s*\\(|\\b${n}\\s*:?=\\s*func\\b`,
    java: `\\b${n}\\s*\\([^;{}]*\\)\\s*(?:throws[^{;]*)?\\{|\\b${n}\\s*=\\s*(?:\\(|[A-Za-z_]\\w*\\s*->|new\\b)`,
    cs: `\\b${n}\\s*(?:<[^>]*>)?\\s*\\([^;{}]*\\)\\s*(?:\\{|=>)|\\b${n}\\s*=\\s*(?:async\\s*)?(?:\\(|[A-Za-z_]\\w*\\s*=>|delegate\\b|new\\b)`,
    rb: `def\\s+(?:self\\.)?${n}\\b|\\b${n}\\s*=\\s*(?:->|lambda\\b|proc\\b)`,
    php: `function\\s+${n}\\s*\\(|${n}\\s*=\\s*(?:static\\s+)?(?:function|fn)\\b`,
    ex: `defp?\\s+${n}\\b`,
    erl: '',
    lfe: '',
  };
  if (!res[fam]) return true;
  return new RegExp(res[fam], 'm').test(text);
}

const DECLARATOR = new Set([
  'variable_declarator',
  'assignment',
  'assignment_expression',
  'pair',
  'public_field_definition',
  'field_definition',
  'equals_value_clause',
  'short_var_declaration',
  'expression_list',
  'property_declaration',
]);

function buildIndex(language: LanguageId, text: string, root: SNode, ctx: AnalysisContext): FileIndex {
  const fam = FAMILY[language];
  const lazy = typeof (root as TSNode).descendantForIndex === 'function';
  let all: { funcs: Map<string, Func[]>; calls: Call[] } | undefined;
  const full = () => {
    if (all) return all;
    const funcs = new Map<string, Func[]>();
    const fts = fam === 'ex' ? [...funcTypes(fam), 'call'] : funcTypes(fam);
    for (const n of descendants(root, fts)) {
      const f = funcOf(fam, n);
      if (!f?.name) continue;
      funcs.set(f.name, [...(funcs.get(f.name) ?? []), f]);
    }
    const calls: Call[] = [];
    for (const n of descendants(root, callTypes(fam))) {
      const c = callOf(fam, n);
      if (c) calls.push(c);
    }
    all = { funcs, calls };
    return all;
  };
  const at = (off: number, len: number) => (root as TSNode).descendantForIndex!(off, off + len);
  const funcCache = new Map<string, Func[]>();
  const funcsByName = {
    get(name: string): Func[] | undefined {
      if (!lazy) return full().funcs.get(name);
      let hit = funcCache.get(name);
      if (hit) return hit.length ? hit : undefined;
      hit = [];
      const seen = new Set<number>();
      if (maybeDefined(fam, text, name)) {
        for (const off of occurrences(text, name)) {
          ctx.budget.step(0);
          let n = at(off, name.length);
          for (let k = 0; n && k < 5; k++, n = n.parent) {
            let f: Func | null = null;
            if (funcTypes(fam).includes(n.type) || (fam === 'ex' && isExDefNode(n))) f = funcOf(fam, n);
            else if (DECLARATOR.has(n.type)) {
              const v = n.namedChildren.find((c) => funcTypes(fam).includes(c.type));
              if (v) f = funcOf(fam, v);
            }
            if (f && f.name === name && !seen.has(f.node.startIndex)) {
              seen.add(f.node.startIndex);
              hit.push(f);
            }
            if (f || (fam !== 'ex' && callTypes(fam).includes(n.type))) break;
          }
        }
      }
      funcCache.set(name, hit);
      return hit.length ? hit : undefined;
    },
  };
  const callCache = new Map<string, Call[]>();
  const callsNamed1 = (name: string): Call[] => {
    if (!lazy) return full().calls.filter((c) => c.name === name);
    let hit = callCache.get(name);
    if (hit) return hit;
    hit = [];
    for (const off of occurrences(text, name)) {
      ctx.budget.step(0);
      let n = at(off, name.length);
      for (let k = 0; n && k < 5; k++, n = n.parent) {
        if (!callTypes(fam).includes(n.type)) continue;
        const c = callOf(fam, n);
        if (c && c.name === name && c.nameNode.startIndex <= off && c.nameNode.endIndex >= off + name.length) hit.push(c);
        break;
      }
    }
    callCache.set(name, hit);
    return hit;
  };
  const callsNamed = (names: readonly string[]) => {
    const out = names.flatMap(callsNamed1);
    return out.sort((a, b) => a.node.startIndex - b.node.startIndex);
  };
  const callsWithArg = (name: string): Call[] => {
    if (!lazy) return full().calls.filter((c) => c.args.some((a) => a.text === name));
    const out: Call[] = [];
    for (const off of occurrences(text, name)) {
      ctx.budget.step(0);
      let n = at(off, name.length);
      for (let k = 0; n && k < 4; k++, n = n.parent) {
        if (!callTypes(fam).includes(n.type)) continue;
        const c = callOf(fam, n);
        if (c && c.args.some((a) => a.startIndex === off && a.text === name)) out.push(c);
        break;
      }
    }
    return out;
  };
  const knownChannels = new Set<string>();
  for (const name of channelVariables(text)) knownChannels.add(lastSegment(name) ?? name);
  const funcRe =
    /\{:?ok,\s*([A-Za-z_]\w*)\}\s*=\s*(?:AMQP\.)?(?:Channel\.open|amqp_connection:open_channel)\s*\(|#\(ok\s*,\s*([\w-]+)\)\s*\(kanin-conn:open-channel/g;
  for (const m of text.matchAll(funcRe)) knownChannels.add(m[1] ?? m[2]);
  for (const name of ctx.options?.channels ?? []) knownChannels.add(name);
  return {
    fam,
    language,
    text,
    root,
    funcsByName,
    callsNamed,
    callsWithArg,
    knownChannels,
    ackFunctions: new Set(ctx.options?.ackFunctions ?? []),
    budget: ctx.budget,
    file: ctx.file,
    detected: ctx.detected ?? true,
  };
}

/** `ch = conn.createChannel()`, `channel, err := conn.Channel()`, `var model = conn.CreateModel()`… */
const CHANNEL_DECL =
  /([\w$@.>-]+)\s*(?::\s*[\w.<>]+\s*)?(?:,\s*\w+\s*)?:?=\s*(?:await\s+)?[\w$@.()>-]*?(?:\.|->|::)(?:createChannel|createConfirmChannel|channel|create_channel|Channel|CreateModel|CreateChannelAsync|CreateChannel|openChannel|create_channel|createChannelAsync)(?:\s*\(|[ \t]*$)/gm;

/** Characters CHANNEL_DECL can match: word characters, `$@.>-`, white space, `:<,=()`. */
const DECL_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) DECL_CHAR[c] = /[\w$@.>\-\s:<,=()]/.test(String.fromCharCode(c)) ? 1 : 0;
const declChar = (c: number) => (c < 128 ? DECL_CHAR[c] === 1 : /\s/.test(String.fromCharCode(c)));

/**
 * The variables CHANNEL_DECL names in `text`, as `text.matchAll(CHANNEL_DECL)` would find them, without running the
 * regex over the whole text on every keystroke: a match cannot contain a character outside DECL_CHAR, so it lies in
 * one stretch between two such characters, and it names a channel method, so the stretch contains `hannel` or
 * `CreateModel`. Only those stretches are matched, each followed by a stand-in for the character that ends it (never
 * a line end, so `$` behaves as in the whole text).
 */
export function channelVariables(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let done = 0; // stretches before this offset are matched already
  const hits: number[] = [];
  for (const key of ['hannel', 'CreateModel']) for (let i = text.indexOf(key); i >= 0; i = text.indexOf(key, i + 1)) hits.push(i);
  hits.sort((a, b) => a - b);
  for (const k of hits) {
    if (k < done) continue;
    let s = k;
    while (s > 0 && declChar(text.charCodeAt(s - 1))) s--;
    let e = k;
    while (e < n && declChar(text.charCodeAt(e))) e++;
    const stretch = text.slice(s, e) + (e < n ? '\0' : '');
    for (const m of stretch.matchAll(CHANNEL_DECL)) out.push(m[1]);
    done = e + 1;
  }
  return out;
}

function isExDefNode(n: SNode): boolean {
  if (n.type !== 'call') return false;
  const t = n.childForFieldName('target');
  return !!t && (t.text === 'def' || t.text === 'defp');
}

// ---------------------------------------------------------------------------------------------------------------
// Consume sites

type AckMode = 'manual' | 'auto' | 'scope' | 'infer';

interface Site {
  profile: Profile;
  spec: ConsumeSpec;
  /** Where the finding points (consume call / registration). */
  anchor: SNode;
  /** Explicit [start, end) of the anchor range (a call: from its first character to the end of the method name). */
  span?: [number, number];
  /** The consume call, when there is one. */
  call?: Call;
  handler: Func;
  /** The handler is a loop over a delivery stream: continue/break end one delivery's path. */
  loop: boolean;
  delivery: string[];
  channel?: string;
  settleFn?: string;
  mode: AckMode;
  /** How the mode is known (see confidence.ts). */
  modeFrom: Evidence['mode'];
  /** The literal that set the ack mode, for the switch-to-manual fix. */
  flagNode?: SNode;
  /** See AckEval. */
  flagVar?: string;
  manualWhen?: boolean;
}

interface AckEval {
  mode: AckMode;
  flagNode?: SNode;
  from: Evidence['mode'];
  /** The flag is this variable: conditions on it in the handler are correlated with the mode (`if !autoAck { ack }`). */
  flagVar?: string;
  /** The value of `flagVar` that means manual acks. */
  manualWhen?: boolean;
}

/** How a mode taken from a spec's default is known. */
const defaultFrom = (m: AckMode): Evidence['mode'] => (m === 'infer' ? 'inferred' : 'default');

function resolveBool(ix: FileIndex, n: SNode): boolean | undefined {
  const b = boolValue(n);
  if (b !== undefined) return b;
  if (/^[A-Za-z_$][\w$]*$/.test(n.text)) {
    const re = new RegExp(`\\b${n.text}\\s*(?::\\s*\\w+\\s*)?:?=\\s*(true|false|True|False)\\b`);
    const m = re.exec(ix.text);
    if (m) return m[1].toLowerCase() === 'true';
  }
  return undefined;
}

/** The initialiser of a same-file constant (`const consumeOptions = { noAck: true }`). */
function constantValue(ix: FileIndex, name: string): SNode | undefined {
  for (const d of descendants(ix.root, ['variable_declarator'])) {
    if (d.childForFieldName('name')?.text === name) return d.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** Might a variable with this name hold the ack-mode flag (`autoAck`, `no_ack`, `manualAck`)? Not a callback
 *  (`deliverCallback` contains "ack" too). */
const looksLikeFlag = (name: string) => /ack/i.test(name) && !/callback|handler|consumer|listener|deliver|func|fn$/i.test(name);

function evalAck(ix: FileIndex, spec: ConsumeSpec, call: Call | undefined): AckEval {
  const a = spec.ack;
  const dflt: AckEval = { mode: a.default, from: defaultFrom(a.default) };
  const fromValue = (node: SNode | undefined): AckEval | undefined => {
    if (!node) return undefined;
    const v = resolveBool(ix, node);
    const flagVar = /^\*?[A-Za-z_$@][\w$]*$/.test(node.text) && boolValue(node) === undefined ? node.text : undefined;
    // `noAck: !needAck`: the condition `needAck` is correlated with the mode, with the opposite meaning.
    const neg = negatedName(node.text);
    if (v === undefined && neg) return { mode: 'infer', from: 'inferred', flagVar: neg, manualWhen: a.trueMeans === 'auto' };
    if (v === undefined) return { mode: 'infer', from: 'inferred', flagVar, manualWhen: a.trueMeans === 'manual' };
    const auto = a.trueMeans === 'auto' ? v : !v;
    return {
      mode: auto ? 'auto' : 'manual',
      flagNode: boolValue(node) !== undefined ? node : undefined,
      from: 'literal',
      flagVar,
      manualWhen: a.trueMeans === 'manual',
    };
  };
  if (!call) return dflt;
  for (const k of a.keyword ?? []) {
    const r = fromValue(call.kwargs.get(k));
    if (r) return r;
  }
  // The call goes to a same-file wrapper of the library's method (`def Consumer(self, channel=None, no_ack=True)`):
  // the wrapper's own default for the flag applies.
  const own = a.keyword?.length ? ix.funcsByName.get(call.name)?.find((f) => f.body) : undefined;
  if (own?.body) {
    const head = own.node.text.slice(0, own.body.startIndex - own.node.startIndex);
    for (const k of a.keyword!) {
      const m = new RegExp(`\\b${escapeRe(k)}\\s*(?::\\s*\\w+\\s*)?=\\s*(True|False|true|false)\\b`).exec(head);
      if (m) {
        const auto = a.trueMeans === 'auto' ? /^t/i.test(m[1]) : !/^t/i.test(m[1]);
        return { mode: auto ? 'auto' : 'manual', from: 'literal' };
      }
    }
  }
  if (a.option && a.optionsArg !== undefined) {
    let opts = call.args[a.optionsArg];
    if (opts && opts.type === 'identifier') opts = constantValue(ix, opts.text) ?? opts;
    if (opts) opts = assignedOptions(ix.fam, opts) ?? opts;
    if (opts && /object|hash|dictionary/.test(opts.type)) {
      if (a.manualOption) {
        const m = optionValue(opts, a.manualOption);
        if (m && boolValue(m) === true) return { mode: 'manual', from: 'literal' };
      }
      const r = fromValue(optionValue(opts, a.option));
      if (r) return r;
    }
    // Options passed through from the caller (`channel.consume(q, cb, options)`): the mode is the caller's, and a
    // condition on `options.noAck` in the handler is correlated with it.
    if (opts && /^[A-Za-z_$][\w$]*$/.test(opts.text) && a.option[0]) {
      return { ...dflt, flagVar: `${opts.text}.${a.option[0]}`, manualWhen: a.trueMeans === 'manual' };
    }
  }
  if (
    (a.arg !== undefined && call.args[a.arg] && call.kwargs.size === 0) ||
    (a.arg !== undefined && call.args.length > a.arg && boolValue(call.args[a.arg]) !== undefined)
  ) {
    const node = call.args[a.arg];
    // An overload without the flag (Java `basicConsume(queue, deliverCallback, cancelCallback)`): the argument at the
    // flag's place is a handler, and the API's default (manual for the Java client) applies.
    const isHandler = !!node && (isFuncNode(ix.fam, node) || handlerCandidates(ix, node, []).length > 0);
    if (node && !isHandler && (boolValue(node) !== undefined || /^\*?[A-Za-z_$][\w$]*$/.test(node.text))) {
      const r = fromValue(node);
      if (r && !(r.mode === 'infer' && a.default !== 'infer' && !looksLikeFlag(node.text))) return r;
    }
  }
  return dflt;
}

/**
 * A registration on a consumer object made by another consume call of the same library (kombu
 * `consumer = Consumer(chan, [q], no_ack=True)` … `consumer.register_callback(on_message)`): that call's ack mode.
 */
function ackOfReceiver(ix: FileIndex, p: Profile, spec: ConsumeSpec, recv: string): AckEval | undefined {
  if (!/^[A-Za-z_$][\w$]*$/.test(recv)) return undefined;
  const assigned = new RegExp(`\\b${escapeRe(recv)}\\s*=\\s*(?:await\\s+)?[\\w.]*$`);
  for (const other of p.consumes) {
    if (other === spec || other.shape.kind !== 'call') continue;
    for (const c of ix.callsNamed(other.methods)) {
      if (!assigned.test(ix.text.slice(Math.max(0, c.node.startIndex - 80), c.node.startIndex + c.name.length).replace(/\.?\w+$/, ''))) continue;
      const r = evalAck(ix, other, c);
      if (r.from !== 'default') return r;
    }
  }
  return undefined;
}

const specDefault = (spec: ConsumeSpec): AckEval => ({ mode: spec.ack.default, from: defaultFrom(spec.ack.default) });
const ackFields = (a: AckEval) => ({ mode: a.mode, modeFrom: a.from, flagNode: a.flagNode, flagVar: a.flagVar, manualWhen: a.manualWhen });

function isFuncNode(fam: Family, n: SNode): boolean {
  return funcTypes(fam).includes(n.type);
}

/** The same-file function(s) a handler expression denotes. */
function resolveHandler(ix: FileIndex, expr: SNode, depth = 0, overrideNames: string[] = []): Func[] {
  if (depth > 4) return [];
  const fam = ix.fam;
  if (isFuncNode(fam, expr)) {
    const f = funcOf(fam, expr);
    return f ? [f] : [];
  }
  const t = expr.type;
  if (t === 'parenthesized_expression' || t === 'argument')
    return expr.namedChildren[0] ? resolveHandler(ix, expr.namedChildren[0], depth + 1, overrideNames) : [];
  if (t === 'object_creation_expression') {
    const body = expr.namedChildren.find((c) => c.type === 'class_body');
    if (body) return methodsIn(ix, body, overrideNames);
    const type = expr.childForFieldName('type');
    if (type) return classMethods(ix, type.text, overrideNames);
    return [];
  }
  const call = callOf(fam, expr);
  if (call) {
    // f.bind(thisArg, a, b): f with its first parameters already bound.
    if (call.name === 'bind' && call.receiver)
      return resolveHandler(ix, call.receiver, depth + 1, overrideNames).map((f) => ({ ...f, params: f.params.slice(Math.max(0, call.args.length - 1)) }));
    // functools.partial(f, a, b): the handler is f with its first parameters already bound.
    if (call.name === 'partial' && call.args[0])
      return resolveHandler(ix, call.args[0], depth + 1, overrideNames).map((f) => ({ ...f, params: f.params.slice(call.args.length - 1) }));
    if (call.name === 'method' && call.args[0]) return resolveHandler(ix, call.args[0], depth + 1, overrideNames);
    // A same-file factory (`this.makeHandler(topic)`): the function literals it returns.
    const self = !call.receiver || /^(this|self|\$this|@|cls|static)$/.test(call.receiver.text);
    return self ? (ix.funcsByName.get(call.name) ?? []).flatMap((f) => returnedFunctions(fam, f)) : [];
  }
  if (t === 'array_creation_expression' || t === 'array') {
    const els = expr.namedChildren;
    const name = els.length === 2 ? stringValue(els[1].namedChildren[0] ?? els[1]) : undefined;
    return name ? (ix.funcsByName.get(name) ?? []) : [];
  }
  let name: string | undefined;
  if (/string|symbol/.test(t)) name = stringValue(expr);
  else if (t === 'method_reference') name = expr.namedChildren[expr.namedChildren.length - 1]?.text;
  else name = lastSegment(expr.text);
  if (!name) return [];
  // A local initialised with a handler expression and never reassigned: `var pump = self._pump.bind(self, ch)`.
  const once =
    expr.text === name && /^[A-Za-z_$][\w$]*$/.test(name) && [...ix.text.matchAll(new RegExp(`(?<![\\w$.])${escapeRe(name)}\\s*=(?!=)`, 'g'))].length === 1;
  const init = once ? constantValue(ix, name) : undefined;
  if (init && !isFuncNode(fam, init)) return resolveHandler(ix, init, depth + 1, overrideNames);
  const direct = ix.funcsByName.get(name);
  if (direct?.length) return direct;
  // A variable initialised with `new Consumer(...)` (Java/.NET class-based consumers).
  const re = new RegExp(`\\b${name.replace(/\$/g, '\\$')}\\s*=\\s*new\\s+([\\w.]+)`);
  const m = re.exec(ix.text);
  if (m && overrideNames.length) return classMethods(ix, lastSegment(m[1])!, overrideNames);
  return [];
}

function methodsIn(ix: FileIndex, body: SNode, names: string[]): Func[] {
  return body.namedChildren
    .filter((c) => c.type === 'method_declaration')
    .map((c) => funcOf(ix.fam, c)!)
    .filter((f) => f && names.includes(f.name ?? ''));
}

function classMethods(ix: FileIndex, className: string, names: string[]): Func[] {
  for (const c of descendants(ix.root, ['class_declaration'])) {
    if (c.childForFieldName('name')?.text === className) {
      const body = c.childForFieldName('body');
      if (body) return methodsIn(ix, body, names);
    }
  }
  return [];
}

function paramAt(f: Func, i: number): string | undefined {
  return i >= 0 ? f.params[i] : undefined;
}

/** Is `n` a function value (inline or by name) in this file? */
function handlerCandidates(ix: FileIndex, n: SNode, overrides: string[]): Func[] {
  return resolveHandler(ix, n, 0, overrides);
}

/** Range of a consume call: from its first character (the first line of a multi-line call) to the end of its name. */
function callSpan(c: Call): [number, number] {
  return [c.node.startIndex, Math.max(c.nameNode.endIndex, c.node.startIndex)];
}

/** rascal: `subscription.on('message', …)` points at the `broker.subscribe(…)` call that made the subscription. */
function subscribeCallFor(ix: FileIndex, on: Call, names: string[]): Call | undefined {
  let r = on.receiver;
  for (let i = 0; r && i < 6; i++) {
    const c = callOf(ix.fam, r);
    if (c && names.includes(c.name)) return c;
    if (c) {
      r = c.receiver;
      continue;
    }
    if (r.type === 'await_expression' || r.type === 'parenthesized_expression') {
      r = r.namedChildren[0] ?? null;
      continue;
    }
    const name = r.text;
    if (/^[\w$.]+$/.test(name)) {
      const cands = ix.callsNamed(names).filter((x) => x.node.startIndex < on.node.startIndex);
      const re = new RegExp(`${name.replace(/[.$]/g, '\\$&')}\\s*(?::[^=]+)?=\\s*(await\\s+)?$`);
      const own = cands.filter((x) => re.test(ix.text.slice(Math.max(0, x.node.startIndex - 120), x.node.startIndex).replace(/\(\s*$/, '')));
      return own[own.length - 1] ?? cands[cands.length - 1];
    }
    break;
  }
  return undefined;
}

function findSites(ix: FileIndex, profiles: Profile[]): Site[] {
  const sites: Site[] = [];
  const seen = new Set<number>();
  const add = (s: Site) => {
    if (seen.has(s.handler.node.startIndex)) return;
    seen.add(s.handler.node.startIndex);
    sites.push(s);
  };
  const fam = ix.fam;
  for (const p of profiles) {
    const overrideNames = p.consumes.flatMap((c) => (c.shape.kind === 'override' ? c.shape.methods : []));
    for (const spec of p.consumes) {
      const shape = spec.shape;
      const consumeCalls = ix
        .callsNamed(spec.methods)
        .filter((c) => (!spec.module || (c.receiver && spec.module.test(c.receiver.text))) && c.args.length + c.kwargs.size >= (spec.minArgs ?? 0));
      if (shape.kind === 'call') {
        for (const call of consumeCalls) {
          ix.budget.step(0);
          if (shape.firstArgString && stringValue(call.args[0]) !== shape.firstArgString) continue;
          let exprs: SNode[] = [];
          if (shape.block && call.block) exprs = [call.block];
          else if (shape.block) continue;
          for (const k of shape.handlerKeyword ?? []) {
            const v = call.kwargs.get(k);
            if (v) exprs.push(v);
          }
          if (!exprs.length && shape.handlerArg !== undefined && call.args[shape.handlerArg]) exprs.push(call.args[shape.handlerArg]);
          if (!exprs.length && fam === 'py' && shape.handlerArg === 1 && call.args[0] && !call.kwargs.has('queue') === false) exprs.push(call.args[0]);
          if (shape.handlerLastFunction) {
            for (const a of call.args.slice(spec.methods.includes('subscribe') ? 0 : 1)) {
              if (handlerCandidates(ix, a, overrideNames).length) {
                exprs = [a];
                break;
              }
            }
          }
          if (shape.handlerList) exprs = exprs.flatMap((e) => (/list|array|tuple/.test(e.type) ? e.namedChildren : [e]));
          let ack = evalAck(ix, spec, call);
          if (ack.from === 'default' && call.receiver) ack = ackOfReceiver(ix, p, spec, call.receiver.text) ?? ack;
          for (const e of exprs) {
            // A flag handed to a handler factory is tested under the factory's parameter name.
            const fv = ack.flagVar ? factoryParam(fam, e, ix.funcsByName, ack.flagVar) : undefined;
            for (const h of handlerCandidates(ix, e, overrideNames)) {
              const delivery = paramAt(h, spec.deliveryParam);
              const sub = spec.anchorCall ? subscribeCallFor(ix, call, spec.anchorCall) : undefined;
              add({
                profile: p,
                spec,
                anchor: (sub ?? call).node,
                span: callSpan(sub ?? call),
                call,
                handler: h,
                loop: false,
                delivery: delivery ? [delivery] : [],
                channel: spec.channelParam !== undefined ? paramAt(h, spec.channelParam) : undefined,
                settleFn: spec.settleParam !== undefined ? paramAt(h, spec.settleParam) : undefined,
                ...ackFields(fv ? { ...ack, flagVar: fv } : ack),
              });
            }
          }
        }
      } else if (shape.kind === 'loop') {
        for (const call of consumeCalls) {
          ix.budget.step(0);
          for (const loop of loopsOver(ix, call)) {
            const ack = evalAck(ix, spec, call);
            add({
              profile: p,
              spec,
              anchor: call.node,
              span: callSpan(call),
              call,
              handler: loop.func,
              loop: true,
              delivery: loop.vars.slice(spec.deliveryParam, spec.deliveryParam + 1),
              ...ackFields(ack),
            });
          }
        }
      } else if (shape.kind === 'event') {
        for (const asg of descendants(ix.root, ['assignment_expression'])) {
          const left = asg.childForFieldName('left');
          const op = asg.children.find((c) => !c.isNamed && c.text === '+=');
          const nm = left?.childForFieldName('name');
          if (!left || !op || !nm || !shape.events.includes(nm.text)) continue;
          const right = asg.childForFieldName('right');
          if (!right) continue;
          const recv = left.childForFieldName('expression')?.text;
          const cc = consumeCalls.find((c) => recv && refersTo(c.node.text, new Set([recv]))) ?? consumeCalls[0];
          const ack = cc ? evalAck(ix, spec, cc) : specDefault(spec);
          for (const h of handlerCandidates(ix, right, [])) {
            const d = paramAt(h, spec.deliveryParam);
            add({
              profile: p,
              spec,
              anchor: cc?.node ?? nm,
              span: cc ? callSpan(cc) : undefined,
              call: cc,
              handler: h,
              loop: false,
              delivery: d ? [d] : [],
              ...ackFields(ack),
            });
          }
        }
      } else if (shape.kind === 'override') {
        const other = p.consumes.find((c) => c.shape.kind !== 'override');
        const cc = other ? ix.callsNamed(other.methods) : [];
        for (const m of descendants(ix.root, ['method_declaration'])) {
          const f = funcOf(fam, m);
          if (!f || !shape.methods.includes(f.name ?? '')) continue;
          const cls = enclosingClassName(m);
          const c0 = cc.find((c) => cls && (c.node.text.includes(`new ${cls}`) || refersTo(c.node.text, varsOfClass(ix, cls)))) ?? cc[0];
          const ack = c0 ? evalAck(ix, other!, c0) : specDefault(spec);
          const d = paramAt(f, spec.deliveryParam);
          add({
            profile: p,
            spec,
            anchor: c0?.node ?? m.childForFieldName('name') ?? m,
            span: c0 ? callSpan(c0) : undefined,
            call: c0,
            handler: f,
            loop: false,
            delivery: d ? [d] : [],
            ...ackFields(ack),
          });
        }
      } else if (shape.kind === 'decorator') {
        decoratorSites(ix, p, spec, shape, add);
      } else if (shape.kind === 'message-clause') {
        const ack = consumeCalls.length ? evalAck(ix, spec, consumeCalls[0]) : specDefault(spec);
        const anchorCall = consumeCalls.length === 1 ? consumeCalls[0] : undefined;
        for (const h of messageClauses(ix, shape.tag)) {
          add({
            profile: p,
            spec,
            anchor: anchorCall?.node ?? h.node,
            span: anchorCall ? callSpan(anchorCall) : undefined,
            call: anchorCall,
            handler: h,
            loop: false,
            delivery: h.params,
            ...ackFields(ack),
          });
        }
      }
    }
  }
  return sites;
}

type DecoratorShape = Extract<ConsumeSpec['shape'], { kind: 'decorator' }>;
interface ModeOf {
  mode: AckMode;
  modeFrom: Evidence['mode'];
}
const FRAMEWORK_MODE: Record<FrameworkAckMode, AckMode> = { manual: 'manual', auto: 'auto', none: 'auto' };

/**
 * Framework listeners: NestJS `@EventPattern`/`@MessagePattern` methods (ack mode: the microservice's `noAck`, in
 * this file or the project's main.ts/modules), Spring `@RabbitListener` methods, a class-level `@RabbitListener`'s
 * `@RabbitHandler` methods, and `ChannelAwareMessageListener.onMessage` (ack mode: `ackMode` on the annotation, its
 * `containerFactory` bean, this file's `AcknowledgeMode`, then Spring Boot's application.properties/yml).
 */
function decoratorSites(ix: FileIndex, p: Profile, spec: ConsumeSpec, shape: DecoratorShape, add: (s: Site) => void): void {
  const fileMode: AckMode | undefined = shape.fileManual?.test(ix.text) ? 'manual' : shape.fileAuto?.test(ix.text) ? 'auto' : undefined;
  const project = projectConfigFor(ix.file);
  const site = (anchor: SNode, f: Func, m: ModeOf): void => add({ profile: p, spec, anchor, handler: f, loop: false, delivery: [], ...m });
  if (ix.fam === 'js') {
    const noAck = fileMode ? undefined : project.nestNoAck();
    const m: ModeOf = fileMode
      ? { mode: fileMode, modeFrom: 'config' }
      : noAck !== undefined
        ? { mode: noAck ? 'auto' : 'manual', modeFrom: 'config' }
        : { mode: spec.ack.default, modeFrom: defaultFrom(spec.ack.default) };
    for (const d of descendants(ix.root, ['decorator'])) {
      const c = d.namedChildren[0];
      const nm = c?.type === 'call_expression' ? c.childForFieldName('function')?.text : c?.text;
      if (!nm || !shape.names.includes(nm)) continue;
      const siblings = d.parent?.namedChildren ?? [];
      const i = siblings.findIndex((x) => x.startIndex === d.startIndex);
      const sib = siblings.slice(i + 1).find((x) => x.type !== 'decorator' && !isComment(x)) ?? null;
      if (!sib || sib.type !== 'method_definition') continue;
      const f = funcOf(ix.fam, sib);
      if (f) site(d, f, m);
    }
    return;
  }
  if (ix.fam !== 'java') return;
  const springMode = (a: SNode): ModeOf => {
    const args = a.childForFieldName('arguments');
    const attr = shape.ackAttr ? optionValue(args, [shape.ackAttr]) : undefined;
    if (attr) return { mode: shape.manualValue?.test(attr.text) ? 'manual' : 'auto', modeFrom: 'literal' };
    const factory = stringValue(optionValue(args, ['containerFactory']) ?? null);
    if (factory) {
      const fm = factoryModeIn(ix.text, factory) ?? project.springFactoryMode(factory);
      // A named factory whose mode we cannot see: unknown (manual if the listener settles at all).
      return fm ? { mode: FRAMEWORK_MODE[fm], modeFrom: 'config' } : { mode: 'infer', modeFrom: 'inferred' };
    }
    if (fileMode) return { mode: fileMode, modeFrom: 'config' };
    const pm = project.springAckMode();
    if (pm) return { mode: FRAMEWORK_MODE[pm], modeFrom: 'config' };
    return { mode: spec.ack.default, modeFrom: defaultFrom(spec.ack.default) };
  };
  const annotationsOf = (decl: SNode): SNode[] =>
    (decl.namedChildren.find((c) => c.type === 'modifiers')?.namedChildren ?? []).filter((c) => c.type === 'annotation' || c.type === 'marker_annotation');
  const named = (a: SNode) => a.childForFieldName('name')?.text ?? '';
  for (const a of descendants(ix.root, ['annotation', 'marker_annotation'])) {
    if (!shape.names.includes(named(a))) continue;
    const decl = a.parent?.type === 'modifiers' ? a.parent.parent : null;
    if (decl?.type === 'method_declaration') {
      const f = funcOf(ix.fam, decl);
      if (f) site(a, f, springMode(a));
    } else if (decl?.type === 'class_declaration') {
      // Class-level @RabbitListener: its @RabbitHandler methods are the handlers.
      for (const m of decl.childForFieldName('body')?.namedChildren ?? []) {
        if (m.type !== 'method_declaration') continue;
        const h = annotationsOf(m).find((x) => named(x) === 'RabbitHandler');
        const f = h ? funcOf(ix.fam, m) : null;
        if (h && f) site(h, f, springMode(a));
      }
    }
  }
  // ChannelAwareMessageListener.onMessage(Message, Channel): the container that runs it sets the mode.
  for (const c of descendants(ix.root, ['class_declaration'])) {
    if (!/\bChannelAwareMessageListener\b/.test(c.childForFieldName('interfaces')?.text ?? '')) continue;
    for (const m of c.childForFieldName('body')?.namedChildren ?? []) {
      const f = m.type === 'method_declaration' ? funcOf(ix.fam, m) : null;
      if (!f || f.name !== 'onMessage' || f.params.length !== 2) continue;
      site(m.childForFieldName('name') ?? m, f, fileMode ? { mode: fileMode, modeFrom: 'config' } : { mode: 'infer', modeFrom: 'inferred' });
    }
  }
}

/** Elixir `def handle_info({:basic_deliver, ...}, s)` and `receive do {:basic_deliver, ...} -> ... end` clauses;
 *  Erlang/LFE reader clauses whose pattern mentions basic.deliver. */
function enclosingClassName(n: SNode): string | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'class_declaration') return p.childForFieldName('name')?.text;
    if (p.type === 'object_creation_expression') return undefined;
  }
  return undefined;
}

function varsOfClass(ix: FileIndex, cls: string): Set<string> {
  const out = new Set<string>();
  for (const m of ix.text.matchAll(new RegExp(`([A-Za-z_]\\w*)\\s*=\\s*new\\s+${cls}\\b`, 'g'))) out.add(m[1]);
  return out;
}

function messageClauses(ix: FileIndex, tag: string): Func[] {
  const out: Func[] = [];
  if (ix.fam === 'ex') {
    for (const f of ix.funcsByName.get('handle_info') ?? []) {
      if (f.params[0]?.replace(/\s+/g, '').startsWith(`{${tag}`)) out.push(f);
    }
    for (const sc of descendants(ix.root, ['stab_clause'])) {
      const left = sc.childForFieldName('left');
      if (left && left.text.replace(/\s+/g, '').startsWith(`{${tag}`)) {
        out.push({ node: sc, params: [left.text], body: sc.childForFieldName('right') });
      }
    }
  } else {
    for (const f of descendants(ix.root, ['function'])) {
      const fn = funcOf(ix.fam, f);
      if (fn && fn.params.some((p) => p.includes(tag))) out.push(fn);
    }
    for (const c of descendants(ix.root, ['clause'])) {
      const pat = c.childForFieldName('pattern');
      if (pat && pat.text.includes(tag)) out.push({ node: c, params: [pat.text], body: c.childForFieldName('body') });
    }
  }
  return out;
}

interface LoopHandler {
  func: Func;
  vars: string[];
}

/**
 * The loops of the file (in source order) that may iterate `direct` or one of `names`: the loops of that type
 * around `direct` and around each place a name occurs in the text (its iterated expression contains that place),
 * instead of every loop of the file: a 2,000-line file has hundreds of unrelated loops. The caller checks each.
 */
function loopsIterating(ix: FileIndex, names: Set<string>, direct: SNode, loopType: string): SNode[] {
  const root = ix.root as TSNode;
  if (typeof root.descendantForIndex !== 'function' || [...names].some((nm) => !nm)) return descendants(ix.root, [loopType]);
  const found = new Map<number, SNode>();
  const around = (n: SNode | null) => {
    // The nearest enclosing loop of that type is the only one whose iterated expression can be this place.
    for (; n; n = n.parent)
      if (n.type === loopType) {
        found.set(n.startIndex, n);
        return;
      }
  };
  around(direct);
  let budget = 300; // a name that occurs everywhere (`d`): walking every loop is cheaper, and gives the same loops
  for (const nm of names) {
    for (let i = ix.text.indexOf(nm); i >= 0; i = ix.text.indexOf(nm, i + 1)) {
      if (--budget < 0) return descendants(ix.root, [loopType]);
      around(root.descendantForIndex!(i, i + nm.length));
    }
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/** Loops that iterate the deliveries returned by a consume call (Go `range msgs`, Python `for ... in`). */
function loopsOver(ix: FileIndex, call: Call): LoopHandler[] {
  const fam = ix.fam;
  const names = new Set<string>();
  let p = call.node.parent;
  let hops = 0;
  while (p && hops++ < 4) {
    if (['short_var_declaration', 'assignment', 'assignment_statement', 'var_spec', 'variable_declarator'].includes(p.type)) {
      const left = p.childForFieldName('left') ?? p.childForFieldName('name') ?? p.namedChildren[0];
      const first = left?.type === 'expression_list' || left?.type === 'pattern_list' ? left.namedChildren[0] : left;
      if (first) names.add(first.text);
      break;
    }
    if (p.type === 'as_pattern') {
      const alias = p.childForFieldName('alias');
      if (alias) names.add(alias.text.trim());
      break;
    }
    if (p.type === 'for_statement') break;
    p = p.parent;
  }
  const loopType = fam === 'go' ? 'for_statement' : 'for_statement';
  const out: LoopHandler[] = [];
  /** The loop's iterated expression and loop variables, or null when it is not a for-each loop. */
  const iterOf = (loop: SNode): { iter: SNode; left: SNode | null } | null => {
    let iter: SNode | null;
    let left: SNode | null;
    if (fam === 'go') {
      const rc = loop.namedChildren.find((c) => c.type === 'range_clause');
      if (!rc) return null;
      iter = rc.childForFieldName('right');
      left = rc.childForFieldName('left');
    } else {
      iter = loop.childForFieldName('right');
      left = loop.childForFieldName('left');
    }
    return iter ? { iter, left } : null;
  };
  const consider = (loops: SNode[], vars: Set<string>, direct: SNode | null) => {
    for (const loop of loops) {
      const it = iterOf(loop);
      if (!it) continue;
      const { iter, left } = it;
      const hit = (direct && iter.startIndex === direct.startIndex && iter.endIndex === direct.endIndex) || vars.has(iter.text);
      if (!hit) continue;
      const vs = left ? (['expression_list', 'pattern_list', 'tuple_pattern'].includes(left.type) ? left.namedChildren.map((c) => c.text) : [left.text]) : [];
      const body = loop.childForFieldName('body');
      out.push({ func: { node: loop, params: vs, body }, vars: vs });
    }
  };
  consider(loopsIterating(ix, names, call.node, loopType), names, call.node);
  if (!out.length && names.size && fam === 'go') {
    // msgs handed to a worker function: `go worker(msgs)` → `func worker(deliveries <-chan amqp.Delivery)`.
    for (const c of [...names].flatMap((nm) => ix.callsWithArg(nm))) {
      const i = c.args.findIndex((a) => names.has(a.text));
      if (i < 0 || c.receiver) continue;
      for (const f of ix.funcsByName.get(c.name) ?? []) {
        const pn = f.params[i];
        if (pn && f.body) consider(descendants(f.body, [loopType]), new Set([pn]), null);
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Path walk

interface Hit {
  call: Call;
  spec: SettleSpec;
  requeue: boolean | undefined;
  unawaited: boolean;
  scope?: boolean;
}

interface Cx {
  ix: FileIndex;
  site: Site;
  delivery: Set<string>;
  derived: Set<string>;
  hits: Hit[];
  wrong: Call[];
  visiting: Set<number>;
  depth: number;
  settleRe: RegExp;
  maySettleMemo: Map<number, boolean>;
  /** Nesting of the walk (bounded by the budget). */
  nest: number;
  /** The delivery was passed to another object's method the analysis cannot see (findings become hints). */
  handedOff?: boolean;
  /** enclosingParams, computed once. */
  outerParams?: Set<string>;
  /** Names holding the delivery wrapped in a value (carriers.ts), computed on first use. */
  carriers?: Set<string>;
}

/** Is this text the delivery, or a name holding it wrapped (`event = Arrival(method, props, body)`)? */
function holdsDelivery(t: string, cx: Cx): boolean {
  if (cx.delivery.has(t)) return true;
  if (!cx.carriers) {
    cx.carriers = new Set();
    const body = cx.site.handler.body;
    if (body && cx.delivery.size) cx.carriers = carrierNames(body, (v) => wrapsDelivery(v, (x) => cx.delivery.has(x)));
  }
  return cx.carriers.has(t);
}

/** Can calling this same-file function settle the delivery (directly, or through other same-file functions)? */
function maySettle(f: Func, cx: Cx, depth = 0): boolean {
  if (!f.body) return false;
  const k = f.node.startIndex;
  const memo = cx.maySettleMemo.get(k);
  if (memo !== undefined) return memo;
  cx.maySettleMemo.set(k, false);
  let r = cx.settleRe.test(f.body.text);
  if (!r && depth < 4) {
    for (const m of f.body.text.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)) {
      const fs = cx.ix.funcsByName.get(m[1]);
      if (fs && fs.some((g) => g.node.startIndex !== k && maySettle(g, cx, depth + 1))) {
        r = true;
        break;
      }
    }
  }
  cx.maySettleMemo.set(k, r);
  return r;
}

const LOG_CALL =
  /\b(console|log|logger|logging|LOG|Logger|fmt|System\.out|System\.err|IO|puts|print|println|printf|echo|error_log|Console|_logger|io|lager)\b[\w.:>-]*\s*\(([^()]|\([^()]*\))*\)/g;
/** One logging call (LOG_CALL without the global flag, for `test`). */
const LOG_ONE = new RegExp(LOG_CALL.source);
function mayThrow(nodes: SNode[]): boolean {
  return nodes.some((n) => {
    const t = n.text.replace(LOG_CALL, '');
    return /[\w)\]]\s*\(|\bthrow\b|\braise\b|\bawait\b|\bpanic\b|!\s*$/.test(t);
  });
}

function refersTo(text: string, names: Set<string>): boolean {
  for (const nm of names) {
    if (!nm) continue;
    const esc = nm.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(^|[^\\w$])${esc}(?![\\w])`).test(text)) return true;
  }
  return false;
}

/** 'then' when the condition means "there is no delivery", 'else' when it means "there is one". */
function nullTest(cond: SNode | null, cx: Cx): 'then' | 'else' | undefined {
  if (!cond || !cx.delivery.size) return undefined;
  const whole = cond.text.replace(/^\(\s*|\s*\)$/g, '').trim();
  const parts = whole.split(/\s*(?:\|\||\bor\b)\s*/);
  if (parts.length > 1 && parts.some((p) => nullTestText(p.trim(), cx) === 'then')) return 'then';
  return nullTestText(whole, cx);
}

function nullTestText(t: string, cx: Cx): 'then' | 'else' | undefined {
  // The consume channel tested for existence (`if (this.channel) this.channel.ack(msg)`): without a channel the
  // delivery is back on the queue already, as without a delivery there is nothing to settle.
  const channel = [cx.site.channel, simpleName(cx.site.call?.receiver ?? null)].filter((x): x is string => !!x);
  for (const d of [...cx.delivery, ...channel]) {
    const e = d.replace(/[$]/g, '\\$');
    if (
      new RegExp(
        `^(!\\s*${e}|not\\s+${e}|${e}\\s*(===?|is)\\s*(null|undefined|None|nil)|(null|undefined|nil)\\s*===?\\s*${e}|${e}\\.nil\\?|is_null\\(\\s*${e}\\s*\\))$`,
      ).test(t)
    )
      return 'then';
    if (new RegExp(`^(${e}|!!\\s*${e}|${e}\\s*(!==?|is\\s+not)\\s*(null|undefined|None|nil))$`).test(t)) return 'else';
  }
  return undefined;
}

/**
 * The value of a condition that tests only the consume call's ack-mode flag variable (`autoAck`, `!autoAck`,
 * `not auto_ack`, `manual_ack == true`), in the consumer's mode: auto when the site is auto-ack, else manual (an
 * undecided mode is manual whenever the handler settles, and only then can a finding follow). Undefined otherwise.
 */
function flagTruth(cond: SNode | null, cx: Cx): boolean | undefined {
  const v = cx.site.flagVar;
  if (!cond || !v || cx.site.manualWhen === undefined || cx.site.mode === 'scope') return undefined;
  const t = cond.text
    .trim()
    .replace(/^\(\s*([\s\S]*?)\s*\)$/, '$1')
    .trim();
  const e = escapeRe(v);
  let positive: boolean;
  if (new RegExp(`^${e}(\\s*(===?|is)\\s*(true|True))?$`).test(t)) positive = true;
  else if (new RegExp(`^(!\\s*${e}|not\\s+${e}|${e}\\s*(===?|is)\\s*(false|False))$`).test(t)) positive = false;
  else return undefined;
  const manual = cx.site.mode !== 'auto';
  const value = manual ? cx.site.manualWhen : !cx.site.manualWhen;
  return positive ? value : !value;
}

function seq(nodes: SNode[], ins: St[], F: Flowing, cx: Cx): St[] {
  let cur = ins;
  for (const n of nodes) {
    if (!cur.length) break;
    cur = one(n, cur, F, cx);
  }
  return cur;
}

function settle(ins: St[], node: SNode): St[] {
  return ins.map((s) => {
    if (s.nul) return s;
    if (s.n === 0) return { ...s, n: 1, s1: node };
    return { ...s, n: 2, s2: s.n === 1 ? node : s.s2 };
  });
}

const CHEAP_SKIP = new Set<Family>(['js', 'py', 'go', 'java', 'cs', 'php']);

/** The states after one node, from the states before it. Counts a step of the file's budget at its nesting. */
function one(n: SNode, ins: St[], F: Flowing, cx: Cx): St[] {
  if (!ins.length) return ins;
  cx.ix.budget.step(++cx.nest);
  try {
    return oneNode(n, ins, F, cx);
  } finally {
    cx.nest--;
  }
}

function oneNode(n: SNode, ins: St[], F: Flowing, cx: Cx): St[] {
  const fam = cx.ix.fam;
  // Cheap skip: subtrees that cannot settle, call helpers or change control flow.
  if (CHEAP_SKIP.has(fam) && n.endIndex - n.startIndex < 400 && !/[(\n]|return|throw|raise|break|continue|panic|<-/.test(n.text)) return ins;
  const fl = flowOf(fam, n);
  if (fl) {
    switch (fl.k) {
      case 'skip':
      case 'func':
        return ins;
      case 'if': {
        let cur = fl.init ? one(fl.init, ins, F, cx) : ins;
        cur = fl.cond ? one(fl.cond, cur, F, cx) : cur;
        const nt = nullTest(fl.cond, cx);
        const markNull = (xs: St[]) => xs.map((s) => ({ ...s, nul: true }));
        const out: St[] = [];
        // A condition on the ack-mode flag (`if !autoAck { d.Ack(false) }`): only the arm of the consumer's mode runs.
        const ft = flagTruth(fl.cond, cx);
        if (ft === true) return seq(stmts(fl.arms[0] ?? null), cur, F, cx);
        if (ft === false) {
          for (const arm of fl.arms.slice(1)) out.push(...seq(stmts(arm), cur, F, cx));
          if (!fl.exhaustive) out.push(...cur);
          return dedupe(out);
        }
        fl.arms.forEach((arm, i) => {
          const input = (i === 0 && nt === 'then') || (i === 1 && nt === 'else' && fl.arms.length === 2) ? markNull(cur) : cur;
          out.push(...seq(stmts(arm), input, F, cx));
        });
        if (!fl.exhaustive) out.push(...(nt === 'else' ? markNull(cur) : cur));
        return dedupe(out);
      }
      case 'switch': {
        let cur = fl.init ? one(fl.init, ins, F, cx) : ins;
        cur = fl.subject ? one(fl.subject, cur, F, cx) : cur;
        // TypeScript: a switch over a union-typed value is exhaustive without a default (the compiler checks it).
        const exhaustive = fl.exhaustive || (fam === 'js' && cx.ix.language !== 'javascript' && fl.arms.length > 1);
        const out: St[] = [];
        const Fs = new Flowing();
        let carry: St[] = [];
        for (const arm of fl.arms) {
          const input = fl.fallthrough ? dedupe([...cur, ...carry]) : cur;
          const res = seq(arm, input, Fs, cx);
          if (fl.fallthrough) carry = res;
          else out.push(...res);
        }
        out.push(...carry, ...Fs.brk);
        if (!exhaustive) out.push(...cur);
        F.ret.push(...Fs.ret);
        F.thr.push(...Fs.thr);
        F.cont.push(...Fs.cont);
        return dedupe(out);
      }
      case 'return': {
        const cur = fl.value ? one(fl.value, ins, F, cx) : ins;
        F.ret.push(...withVia(cur, n));
        return [];
      }
      case 'throw':
        F.thr.push(...withVia(seq(n.namedChildren, ins, F, cx), n));
        return [];
      case 'break':
        F.brk.push(...withVia(ins, n));
        return [];
      case 'continue':
        F.cont.push(...withVia(ins, n));
        return [];
      case 'short': {
        const cur = one(fl.left, ins, F, cx);
        return dedupe([...cur, ...one(fl.right, cur, F, cx)]);
      }
      case 'try': {
        const Fb = new Flowing();
        // Exceptions can leave the try body after any statement that may throw.
        const partial: St[] = [];
        let cur = ins;
        fl.body.forEach((s, i) => {
          if (!cur.length) return;
          if (i > 0 && mayThrow(fl.body.slice(i))) partial.push(...cur);
          cur = one(s, cur, Fb, cx);
        });
        let normal = fl.orelse.length ? seq(fl.orelse, cur, Fb, cx) : cur;
        if (fl.catches.length) {
          // An exception before the first statement ran, unless that statement is a settling scope on the delivery
          // (`async with message.process():` settles whatever its body throws).
          const catchIn = dedupe([...(fl.body[0] && isScopeWith(fl.body[0], cx) ? [] : ins), ...partial, ...Fb.thr]);
          Fb.thr = [];
          const outs: St[] = [...normal];
          // A catch of the connection or channel closing around the settle itself: the settle failed because the
          // channel is gone, and the broker redelivers the message. Nothing on that path can leak.
          const settlesInBody = cx.settleRe.test(fl.body.map((b) => b.text).join('\n'));
          // A try around the settle call alone (`try: message.ack() except: log`): only the settle can throw, so
          // the catch runs when the settle was sent and failed (the channel is gone): nothing there can leak.
          const onlySettle = fl.body.every((b) => isComment(b) || isSettleStatement(b, cx));
          fl.catches.forEach((c, i) => {
            const gone = onlySettle || (settlesInBody && CONNECTION_LOST.test(fl.catchHeads?.[i] ?? ''));
            outs.push(...seq(c, gone ? catchIn.map((x) => ({ ...x, nul: true })) : catchIn, Fb, cx));
          });
          normal = dedupe(outs);
        }
        if (fl.fin.length) {
          normal = seq(fl.fin, normal, F, cx);
          for (const cat of ['ret', 'thr', 'brk', 'cont'] as const) Fb[cat] = Fb[cat].length ? seq(fl.fin, Fb[cat], F, cx) : [];
        }
        F.ret.push(...Fb.ret);
        F.thr.push(...Fb.thr);
        F.brk.push(...Fb.brk);
        F.cont.push(...Fb.cont);
        return normal;
      }
      case 'loop': {
        const cur = seq(fl.head, ins, F, cx);
        const Fl = new Flowing();
        if (fl.infinite) {
          let entry = cur;
          for (let i = 0; i < 3; i++) {
            const out = seq(fl.body, entry, Fl, cx);
            const next = dedupe([...entry, ...out, ...Fl.cont]);
            Fl.cont = [];
            if (next.length === entry.length) break;
            entry = next;
          }
          F.ret.push(...Fl.ret);
          F.thr.push(...Fl.thr);
          return dedupe(Fl.brk);
        }
        const out = seq(fl.body, cur, Fl, cx);
        F.ret.push(...Fl.ret);
        F.thr.push(...Fl.thr);
        return dedupe([...cur, ...out, ...Fl.brk, ...Fl.cont]);
      }
      case 'with': {
        const helper = cx.site.profile.scopeHelper;
        const scopeItem = helper
          ? fl.items.find((it) => {
              const c = callOf(fam, it);
              return c && c.name === helper && c.receiver && cx.delivery.has(c.receiver.text);
            })
          : undefined;
        if (!scopeItem) return seq([...fl.items, ...fl.body], ins, F, cx);
        const Fw = new Flowing();
        const out = seq(fl.body, ins, Fw, cx);
        const sc = callOf(fam, scopeItem)!;
        // process(ignore_processed=True) only settles when the body did not.
        const onlyIfUnsettled = boolValue(sc.kwargs.get('ignore_processed')) === true;
        const mark = (xs: St[]) =>
          onlyIfUnsettled
            ? [
                ...settle(
                  xs.filter((x) => x.n === 0),
                  scopeItem,
                ),
                ...xs.filter((x) => x.n !== 0),
              ]
            : settle(xs, scopeItem);
        cx.hits.push({ call: sc, spec: { method: helper!, style: 'message', kind: 'ack' }, requeue: undefined, unawaited: false, scope: true });
        F.ret.push(...mark(Fw.ret));
        F.ret.push(...mark(Fw.thr));
        F.brk.push(...mark(Fw.brk));
        F.cont.push(...mark(Fw.cont));
        return mark(out);
      }
      case 'defer':
        return one(fl.body, ins, F, cx);
    }
  }
  // Go: `jobs <- d` sends the delivery to another goroutine; `go work(d)` runs code we may not see.
  if (n.type === 'send_statement') {
    const v = n.childForFieldName('value');
    if (v && carriesDelivery(v, cx)) return ins.map((s) => ({ ...s, nul: true }));
  }
  if (n.type === 'go_statement') {
    const c = n.namedChildren[0] ? callOf(fam, n.namedChildren[0]) : null;
    if (c && !isFuncNode(fam, c.nameNode) && !cx.ix.funcsByName.get(c.name)?.length && c.args.some((a) => carriesDelivery(a, cx))) {
      return ins.map((s) => ({ ...s, nul: true }));
    }
  }
  const call = callOf(fam, n);
  if (call) return applyCall(call, ins, F, cx);
  return seq(n.namedChildren, ins, F, cx);
}

/** Is this statement one settle call (`ch.basicReject(tag, false);`, `await m.ack()`)? */
function isSettleStatement(n: SNode, cx: Cx): boolean {
  let x: SNode | undefined = n;
  while (x && !callOf(cx.ix.fam, x) && x.namedChildren.length === 1) x = x.namedChildren[0];
  const c = x ? callOf(cx.ix.fam, x) : null;
  return !!c && !!matchSettle(c, cx);
}

/** Is this statement `with <delivery>.<scopeHelper>(…):` (aio-pika `message.process()`)? */
function isScopeWith(n: SNode, cx: Cx): boolean {
  const helper = cx.site.profile.scopeHelper;
  const fl = helper ? flowOf(cx.ix.fam, n) : null;
  return (
    !!fl &&
    fl.k === 'with' &&
    fl.items.some((it) => {
      const c = callOf(cx.ix.fam, it);
      return !!c && c.name === helper && !!c.receiver && cx.delivery.has(c.receiver.text);
    })
  );
}

function inline(f: Func, ins: St[], cx: Cx, F: Flowing | null): St[] {
  if (!f.body || cx.visiting.has(f.node.startIndex) || cx.depth > 4) return ins;
  cx.visiting.add(f.node.startIndex);
  cx.depth++;
  const Fi = new Flowing();
  const body = stmts(f.body);
  const out = seq(body, ins, Fi, cx);
  cx.depth--;
  cx.visiting.delete(f.node.startIndex);
  if (F) F.thr.push(...Fi.thr);
  return dedupe([...out, ...Fi.ret.map((s) => ({ ...s, via: undefined }))]);
}

/**
 * The boolean a local flag holds where it is used (`requeue = true; … basicNack(tag, false, requeue)`): the one
 * literal every assignment of that name in the handler gives it (or, with none there, in the file). Undefined when
 * the assignments disagree or one is not a literal.
 */
function constBool(node: SNode, cx: Cx): boolean | undefined {
  const b = boolValue(node);
  if (b !== undefined || !/^[$@]?[A-Za-z_][\w]*$/.test(node.text)) return b;
  const e = escapeRe(node.text);
  // Statement-level assignments and declarations only (a keyword argument `requeue=requeue` is not one).
  const re = new RegExp(
    `(?:^[ \\t]*|[;{][ \\t]*|\\b(?:var|let|const|boolean|Boolean|bool|final|val)\\s+)${e}\\s*(?::\\s*\\w+\\s*)?(?::=|=(?![=>~]))\\s*([^;\\n,)]*)`,
    'gm',
  );
  const values = (text: string) => [...text.matchAll(re)].map((m) => boolValue({ text: m[1] } as SNode));
  let vs = values(cx.site.handler.node.text);
  if (!vs.length) vs = values(cx.ix.text);
  if (!vs.length || vs.some((v) => v === undefined) || vs.some((v) => v !== vs[0])) return undefined;
  return vs[0];
}

/** Inline a same-file function called with `call`'s arguments: a parameter receiving the delivery (or the settle
 *  callback) is the delivery (the callback) inside it. */
function inlineWithArgs(f: Func, call: Call, cur: St[], cx: Cx, F: Flowing): St[] {
  const added: string[] = [];
  call.args.forEach((a, i) => {
    const pn = f.params[i];
    if (pn && refersTo(a.text, new Set([...cx.delivery, ...cx.derived])) && !cx.delivery.has(pn)) {
      cx.delivery.add(pn);
      added.push(pn);
    }
  });
  const savedFn = cx.site.settleFn;
  if (savedFn)
    call.args.forEach((a, i) => {
      if (a.text === savedFn && f.params[i]) cx.site.settleFn = f.params[i];
    });
  const out = inline(f, cur, cx, F);
  cx.site.settleFn = savedFn;
  for (const pn of added) cx.delivery.delete(pn);
  return out;
}

function requeueOf(spec: SettleSpec, call: Call, cx: Cx): boolean | undefined {
  const r = spec.requeue;
  if (!r) return false;
  let node: SNode | undefined;
  if (r.keyword) node = call.kwargs.get(r.keyword);
  if (!node && r.arg !== undefined) node = call.args[r.arg];
  if (!node) return r.default;
  if (spec.style === 'function' || /object|keywords|hash/.test(node.type)) {
    const v = optionValue(node, ['requeue']);
    if (v) return boolValue(v);
    if (/object|keywords|hash/.test(node.type)) return r.default;
  }
  return constBool(node, cx);
}

function isAwaited(call: Call): boolean {
  let p = call.node.parent;
  while (p && p.type === 'parenthesized_expression') p = p.parent;
  if (!p) return false;
  if (p.type === 'await' || p.type === 'await_expression' || p.type === 'return_statement' || p.type === 'assignment' || p.type === 'yield') return true;
  const gp = p.parent;
  if (p.type === 'argument_list' && gp && /gather|create_task|ensure_future|wait|run_coroutine_threadsafe|shield|run/.test(gp.text.slice(0, 40))) return true;
  return false;
}

function matchSettle(call: Call, cx: Cx): SettleSpec | undefined {
  const p = cx.site.profile;
  const recv = call.receiver?.text;
  for (const spec of p.settles) {
    if (spec.style === 'callback') {
      if (cx.site.settleFn && call.name === cx.site.settleFn && !call.receiver) return spec;
      continue;
    }
    if (spec.method !== call.name) continue;
    if (spec.style === 'message') {
      if (recv && (cx.delivery.has(recv) || cx.derived.has(recv))) return spec;
      continue;
    }
    if (spec.style === 'function') {
      if (spec.module ? recv !== undefined && spec.module.test(recv) : true) return spec;
      continue;
    }
    // channel style
    if (!recv || cx.delivery.has(recv)) continue;
    if (!spec.all && call.args.length + call.kwargs.size === 0) continue;
    const generic = /^(ack|nack|reject|Ack|Nack|Reject)$/.test(spec.method);
    if (
      generic &&
      !spec.all &&
      cx.delivery.size &&
      !refersTo(call.node.text.slice(call.nameNode.endIndex - call.node.startIndex), new Set([...cx.delivery, ...cx.derived]))
    )
      continue;
    return spec;
  }
  return ownSettle(call, cx);
}

/** A call of one of the user's own settle helpers (option ackFunctions) on the delivery: `safeAck(msg)`,
 *  `utils.safeAck(ch, msg.fields.deliveryTag)`, `msg.safeAck()`. */
function ownSettle(call: Call, cx: Cx): SettleSpec | undefined {
  if (!cx.ix.ackFunctions.has(call.name)) return undefined;
  const recv = call.receiver?.text.trim();
  const onDelivery =
    !cx.delivery.size ||
    (!!recv && (cx.delivery.has(recv) || cx.derived.has(recv))) ||
    [...call.args, ...call.kwargs.values()].some((a) => carriesDelivery(a, cx) || cx.derived.has(a.text.trim()));
  return onDelivery ? { method: call.name, style: 'message', kind: 'ack' } : undefined;
}

function simpleName(n: SNode | null): string | undefined {
  if (!n) return undefined;
  return /^(this\.|self\.|\$this->|@)?[A-Za-z_$][\w$]*$/.test(n.text) ? n.text : undefined;
}

function applyCall(call: Call, ins: St[], F: Flowing, cx: Cx): St[] {
  const fam = cx.ix.fam;
  // JS promise chains: p.then(ok).catch(fail) and p.then(ok, fail) are alternatives, not a sequence.
  if (fam === 'js' && (call.name === 'catch' || call.name === 'then')) {
    const inner = call.receiver && callOf(fam, call.receiver);
    if (call.name === 'catch' && inner && inner.name === 'then') return promiseChain(call, ins, F, cx);
    if (call.name === 'then' && call.args.length === 2) {
      const base = call.receiver ? one(call.receiver, ins, F, cx) : ins;
      return dedupe([...callbacks([call.args[0]], base, cx, F), ...callbacks([call.args[1]], base, cx, F)]);
    }
  }
  let cur = ins;
  if (call.receiver && !simpleName(call.receiver)) cur = one(call.receiver, cur, F, cx);
  cur = callbacks([...call.args, ...call.kwargs.values(), ...(call.block ? [call.block] : [])], cur, cx, F);
  if (!cur.length) return cur;
  // A function literal called on the spot (`go func(m amqp.Delivery) { … m.Ack(false) }(d)`, a JS IIFE): its body
  // runs here, with the delivery under its parameter's name.
  if (!call.receiver && isFuncNode(fam, call.nameNode)) {
    const f = funcOf(fam, call.nameNode);
    return f ? inlineWithArgs(f, call, cur, cx, F) : cur;
  }

  const spec = matchSettle(call, cx);
  if (spec) {
    const unawaited = !!spec.coroutine && !isAwaited(call);
    let requeue = requeueOf(spec, call, cx);
    if (spec.style === 'callback') {
      const first = call.args[0];
      const isAck = !first || /^(null|undefined|nil|None)$/.test(first.text);
      if (isAck) requeue = false;
      else {
        const opts = call.args[1];
        const rq = opts ? optionValue(opts, ['requeue']) : undefined;
        requeue = rq ? boolValue(rq) : false;
      }
      cx.hits.push({ call, spec: { ...spec, kind: isAck ? 'ack' : 'nack' }, requeue, unawaited: false });
    } else {
      cx.hits.push({ call, spec, requeue, unawaited });
    }
    if (spec.style === 'channel' || spec.style === 'function') checkChannel(call, spec, cx);
    if (unawaited) return cur;
    return settle(cur, call.node);
  }
  // Calls that end the process: the connection closes and the broker redelivers; nothing on this path can leak.
  if (endsProcess(call)) return cur.map((s) => ({ ...s, nul: true }));
  // The delivery handed to other code we cannot follow (a Go channel, an in-process queue, an executor, a batch):
  // give up on this path silently rather than guess.
  if (handsOff(call, cx)) return cur.map((s) => ({ ...s, nul: true }));
  // Throw-like calls.
  if ((fam === 'rb' && (call.name === 'raise' || call.name === 'fail') && !call.receiver) || (fam === 'ex' && call.name === 'raise')) {
    F.thr.push(...withVia(cur, call.node));
    return [];
  }
  // Same-file helper functions.
  const recv = call.receiver?.text;
  if (!recv || /^(this|self|\$this|@|cls|static|parent)$/.test(recv) || (fam === 'ex' && !recv)) {
    const fs = cx.ix.funcsByName.get(call.name);
    if (fs?.length && cx.depth < 4) {
      const out: St[] = [];
      let any = false;
      for (const f of fs) {
        if (!f.body || cx.visiting.has(f.node.startIndex) || !maySettle(f, cx)) continue;
        // A receive loop calling itself again (Erlang/Elixir/LFE) re-enters the handler: not a helper.
        if (f.node.startIndex <= cx.site.handler.node.startIndex && f.node.endIndex >= cx.site.handler.node.endIndex) continue;
        any = true;
        out.push(...inlineWithArgs(f, call, cur, cx, F));
      }
      if (any) return dedupe(out);
    }
  }
  return passesDelivery(call, cur, cx);
}

/**
 * `start.then(a).then(b).catch(fail)`: the stages run in order, and `fail` runs after whichever one rejected, with
 * the states at the entry of that stage (a stage that cannot throw, such as logging, never rejects).
 */
function promiseChain(call: Call, ins: St[], F: Flowing, cx: Cx): St[] {
  const fam = cx.ix.fam;
  const stages: Call[] = [];
  for (let c = call.receiver && callOf(fam, call.receiver); c && c.name === 'then' && c.args.length === 1; c = c.receiver && callOf(fam, c.receiver)) {
    stages.unshift(c);
  }
  if (!stages.length) return ins;
  const start = stages[0].receiver;
  const rejected: St[] = start && mayThrow([start]) ? [...ins] : [];
  let cur = start ? one(start, ins, F, cx) : ins;
  for (const st of stages) {
    if (mayThrow(st.args)) rejected.push(...cur);
    cur = callbacks(st.args, cur, cx, F);
  }
  // A throw in the catch callback rejects the promise the handler returns: that path leaves the handler.
  const fail = call.args[0] && isFuncNode(fam, call.args[0]) ? funcOf(fam, call.args[0]) : null;
  const caught = fail ? inline(fail, dedupe(rejected), cx, F) : callbacks(call.args, dedupe(rejected), cx, F);
  return dedupe([...cur, ...caught]);
}

/**
 * The delivery passed to a callee the analysis cannot see. To a callback the enclosing code was given (a wrapper
 * library calling its user's handler: `listenerCallback(msg)`, `options.onMessage(msg)`) or to an inherited method
 * (`this.process(msg)` of a template-method base class whose subclasses settle): the callee settles by contract, so
 * this path is given up silently. To a method of another object (`consumer.handleDelivery(msg)`): it may settle, so
 * a finding on this handler is only a hint (precision medium).
 */
function passesDelivery(call: Call, cur: St[], cx: Cx): St[] {
  if (!call.args.some((a) => holdsDelivery(a.text.trim(), cx))) return cur;
  // The call carrying a settle record (Erlang `amqp_channel:cast(Ch, #'basic.ack'{…})`) is that settle, not a hand-off.
  if (call.args.some((a) => isSettleStatement(a, cx))) return cur;
  const recv = call.receiver?.text;
  const root = recv ? /^[$@]?[A-Za-z_][\w$]*/.exec(recv)?.[0] : undefined;
  const params = enclosingParams(cx);
  const self = !!recv && /^(this|self|\$this|@\w*|cls|super|parent|static)$/.test(recv);
  if (!recv ? params.has(call.name) : (self && !cx.ix.funcsByName.get(call.name)?.length) || (!!root && params.has(root))) {
    return cur.map((s) => ({ ...s, nul: true }));
  }
  // A method of this file's own class is visible (followed, or seen not to settle): not a hand-off.
  if (self) return cur;
  if (recv && !LOG_ONE.test(`${recv}.${call.name}()`) && !cx.ix.knownChannels.has(lastSegment(recv) ?? '')) cx.handedOff = true;
  return cur;
}

/** Parameter names of the functions around the handler (a wrapper's `(queue, listenerCallback) => …`). */
function enclosingParams(cx: Cx): Set<string> {
  if (cx.outerParams) return cx.outerParams;
  const out = new Set<string>();
  const fam = cx.ix.fam;
  for (let n = cx.site.handler.node.parent, k = 0; n && k < 40; n = n.parent, k++) {
    if (isFuncNode(fam, n)) for (const p of funcOf(fam, n)?.params ?? []) out.add(p);
  }
  for (const d of cx.delivery) out.delete(d);
  cx.outerParams = out;
  return out;
}

/** Exceptions that mean the connection or channel closed under the handler. */
const CONNECTION_LOST =
  /Connection(?:Closed|Error|Reset|Lost)|Channel(?:Closed|WrongState|Error)|AlreadyClosed|ShutdownSignal|StreamLost|AMQP(?:Connection|Channel)(?:Error|Exception|Closed)|ConnectionClosedError|ErrConnectionClosed|ErrClosed/;

/** Callee texts that end the process (os.Exit, log.Fatal, panic, process.exit, System.exit, sys.exit, exit, die…). */
const PROCESS_END =
  /^(?:os\.Exit|log\.(?:Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)|(?:\w+\.)?(?:Fatal|Fatalf)|panic|process\.exit|System\.exit|Runtime\.getRuntime\(\)\.(?:exit|halt)|sys\.exit|os\._exit|exit|exit!|abort|die|Environment\.Exit|System\.halt|erlang\.halt|halt)$/;

/** Closing the connection or channel the delivery came on: the broker requeues every unacked delivery. */
const CLOSES = /^(?:close|Close|CloseAsync|disconnect|stop)$/;
const CONNECTION_LIKE = /^(?:conn|connection|ch|chan|channel|amqp_?conn\w*|\w*Connection|\w*Channel)$/i;

function endsProcess(call: Call): boolean {
  const callee = call.receiver ? `${call.receiver.text}.${call.name}` : call.name;
  if (call.receiver && CLOSES.test(call.name) && CONNECTION_LIKE.test(lastSegment(call.receiver.text) ?? '')) return true;
  return PROCESS_END.test(callee.replace(/\s+/g, '').replace(/:/g, '.'));
}

/** Calls that hand a value to other code to run later or elsewhere: queues, executors, batches, emitters. */
const HANDOFF =
  /^(?:put|put_nowait|offer|add|push|append|send|submit|execute|enqueue|Enqueue|Post|SendAsync|TryAdd|TryWrite|WriteAsync|emit|dispatch|apply_async|delay|run_in_executor|start_soon|create_task|Thread|Go|Run|StartNew|QueueUserWorkItem|push_back|unshift|lpush|rpush|<<)$/;

/** Does this call hand the delivery (or a value derived from it) to code the analysis cannot follow? */
function handsOff(call: Call, cx: Cx): boolean {
  return HANDOFF.test(call.name) && [...call.args, ...call.kwargs.values()].some((a) => carriesDelivery(a, cx));
}

/** Is this expression the delivery itself, its delivery tag, or a tuple/list/object holding one of them? (Not any
 *  value computed from it: `results.push(msg.content)` hands off data, not the delivery.) */
function carriesDelivery(a: SNode, cx: Cx): boolean {
  if (!cx.delivery.size || isFuncNode(cx.ix.fam, a)) return false;
  const t = a.text.trim();
  if (holdsDelivery(t, cx)) return true;
  if (/tag/i.test(t) && t.length < 60 && refersTo(t, cx.delivery)) return true;
  // Containers and wrappers: `(ch, method, body)`, `{ msg }`, `Job(method=method)`, `new Job(msg)`.
  return (
    /tuple|list|array|object|composite_literal|literal_value|hash|argument|pair|keyed_element|element|^call$|new_expression|object_creation/.test(a.type) &&
    a.namedChildren.some((c) => carriesDelivery(c, cx))
  );
}

/** Arguments: inline callbacks (functions given inline or by same-file name) run once, in order. */
function callbacks(args: SNode[], ins: St[], cx: Cx, F: Flowing): St[] {
  let cur = ins;
  const fam = cx.ix.fam;
  for (const a of args) {
    if (!cur.length) break;
    if (isFuncNode(fam, a)) {
      const f = funcOf(fam, a);
      if (f) cur = inline(f, cur, cx, null);
      continue;
    }
    if (/^[A-Za-z_$][\w$]*$/.test(a.text) && !cx.delivery.has(a.text)) {
      const fs = cx.ix.funcsByName.get(a.text);
      const f = fs?.find((x) => x.body && !cx.visiting.has(x.node.startIndex) && maySettle(x, cx));
      if (f && f.node.startIndex !== cx.site.handler.node.startIndex) {
        cur = inline(f, cur, cx, null);
        continue;
      }
      continue;
    }
    cur = one(a, cur, F, cx);
  }
  return cur;
}

/** The channel expression a consume call consumes on. */
function consumeChannel(cx: Cx): string | undefined {
  const c = cx.site.call;
  if (!c) return undefined;
  const fam = cx.ix.fam;
  if (fam === 'ex') return c.args[0] ? lastSegment(c.args[0].text) : undefined;
  if (fam === 'erl' || fam === 'lfe') {
    const sub = cx.ix.callsNamed(['subscribe']).find((x) => x.args.length >= 2);
    return sub ? sub.args[0].text : undefined;
  }
  let r = simpleName(c.receiver);
  if (r && !cx.ix.knownChannels.has(lastSegment(r)!)) {
    // Bunny / aio-pika: the queue object was declared on a channel: `queue = ch.queue('x')`.
    const m = new RegExp(`${r.replace(/[.$@]/g, '\\$&')}\\s*=\\s*(?:await\\s+)?([\\w@.]+)\\.(?:queue|declare_queue|Queue)\\b`).exec(cx.ix.text);
    if (m) r = m[1];
  }
  return r ? lastSegment(r) : undefined;
}

/** The channel expression a settle call settles on. */
function settleChannel(call: Call, spec: SettleSpec, cx: Cx): string | undefined {
  const fam = cx.ix.fam;
  if (spec.style === 'channel') {
    const r = simpleName(call.receiver);
    return r ? lastSegment(r) : undefined;
  }
  if (fam === 'ex') return call.args[0] ? lastSegment(call.args[0].text) : undefined;
  // Erlang/LFE: the record is the argument of amqp_channel:cast(Channel, #'basic.ack'{…}).
  let p = call.node.parent;
  while (p && p.type !== 'call') p = p.parent;
  const outer = p ? callOf(fam, p) : null;
  return outer && outer.args[0] ? outer.args[0].text : undefined;
}

function checkChannel(call: Call, spec: SettleSpec, cx: Cx): void {
  let r = settleChannel(call, spec, cx);
  // Elixir: `Basic.ack(state.out, tag)`, the state built as `%{in: in_chan, out: out_chan}`.
  if (cx.ix.fam === 'ex' && r && !cx.ix.knownChannels.has(r) && call.args[0]) r = stateFieldVariable(cx.ix.text, call.args[0].text) ?? r;
  const c = consumeChannel(cx);
  if (!r || !c || r === c) return;
  if (cx.site.channel && r === cx.site.channel) return;
  const known = cx.ix.knownChannels;
  if (known.has(r) && known.has(c)) cx.wrong.push(call);
}

// ---------------------------------------------------------------------------------------------------------------
// Findings

const REQUEUE_GUARD =
  /dead[-_ ]?letter|deadLetter|x-delivery-limit|delivery[-_]?limit|deliveryLimit|x-death|redeliver|x-delivery-count|delivery[-_]?count|deliveryCount|x-retry|retry[-_]?count|retryCount|max[-_]?retries|maxRetries|MaxRetries|attempts/i;

export interface RawFinding {
  rule: RuleId;
  node: SNode;
  span?: [number, number];
  /** End of the range when different from node end. */
  message: string;
  library: string;
  handler?: SNode;
  fixes: { title: string; edits: { start: number; end: number; text: string }[] }[];
  /** The finding holds on every path (missing-ack: the handler never settles). */
  allPaths?: boolean;
  /** The delivery was passed to code that may settle it (missing-ack is then only a hint). */
  handedOff?: boolean;
  /** Set by analyseSite (confidence.ts). */
  precision?: Precision;
}

function settleRegex(ix: FileIndex, p: Profile, site: Site): RegExp {
  const names = new Set([...p.settles.map((s) => s.method).filter((m) => m !== '*'), ...ix.ackFunctions]);
  if (p.scopeHelper) names.add(p.scopeHelper);
  if (site.settleFn) names.add(site.settleFn);
  const alt = [...names].map(escapeRe).join('|') || '$^';
  return new RegExp(`(^|[^\\w$])(${alt})\\b`);
}

/** The findings of one consume site, each with its confidence. */
function analyseSite(ix: FileIndex, site: Site): RawFinding[] {
  let raw = siteFindings(ix, site);
  if (!raw.length) return raw;
  if (site.call && site.spec.shape.kind === 'call' && site.spec.shape.everyCallback) {
    const all = consumerCallbacks(site.call, site.spec.shape.handlerKeyword ?? [], ix.callsNamed([site.spec.shape.everyCallback.register]));
    const re = settleRegex(ix, site.profile, site);
    if (
      otherCallbackMaySettle(
        all,
        site.handler,
        (e) => resolveHandler(ix, e),
        (f) => !!f.body && re.test(f.body.text),
      )
    ) {
      raw = raw.filter((f) => f.rule !== 'missing-ack');
    }
  }
  const fits = receiverFits(ix, site);
  const inferred = site.mode === 'infer' || site.modeFrom === 'inferred';
  return raw.map((f) => ({
    ...f,
    precision: precisionOf({
      detected: ix.detected,
      mode: inferred ? 'inferred' : site.modeFrom,
      receiverFits: fits && !f.handedOff,
      allPaths: (f.rule !== 'missing-ack' && f.rule !== 'double-ack') || !!f.allPaths,
    }),
  }));
}

/** Does the consume call's receiver look like the library's object (see ConsumeSpec.receiverHint)? */
function receiverFits(ix: FileIndex, site: Site): boolean {
  const hint = site.spec.receiverHint;
  const r = site.call?.receiver;
  if (!hint || !r) return true;
  // Any link of a call chain may name it: `q.bind(x).subscribe`, `ch.queue('jobs').subscribe`.
  for (let n: SNode | null = r, k = 0; n && k < 6; k++) {
    const inner = callOf(ix.fam, n);
    const name = inner ? inner.name : lastSegment(n.text);
    if (!name || hint.test(name) || ix.knownChannels.has(name)) return true;
    n = inner ? inner.receiver : null;
  }
  return false;
}

function siteFindings(ix: FileIndex, site: Site): RawFinding[] {
  const findings: RawFinding[] = [];
  const body = site.handler.body;
  if (!body) return findings;
  const delivery = new Set(site.delivery.filter(Boolean));
  const derived = new Set<string>();
  if (delivery.size) {
    const re = /([$@]?[A-Za-z_][\w$]*)\s*(?::\s*[\w.<>[\]]+\s*)?:?=\s*([^\n;]+)/g;
    for (const m of body.text.matchAll(re)) if (refersTo(m[2], delivery) && !delivery.has(m[1])) derived.add(m[1]);
  }
  const cx: Cx = {
    ix,
    site,
    delivery,
    derived,
    hits: [],
    wrong: [],
    visiting: new Set([site.handler.node.startIndex]),
    depth: 0,
    settleRe: settleRegex(ix, site.profile, site),
    maySettleMemo: new Map(),
    nest: 0,
  };
  const F = new Flowing();
  const out = seq(stmts(body), [{ n: 0, nul: false }], F, cx);
  const exits = dedupe([...out, ...F.ret, ...F.thr, ...F.cont, ...F.brk]);
  const lib = site.profile.id;
  let mode = site.mode;
  if (mode === 'infer') mode = cx.hits.some((h) => !h.scope) ? 'manual' : 'auto';
  const explicit = uniqueHits(cx.hits.filter((h) => !h.scope));

  if (mode === 'auto') {
    for (const h of explicit) {
      if (h.unawaited) continue;
      const clean = exits.every((s) => s.nul || s.n === 1);
      findings.push({
        rule: 'ack-in-auto-ack',
        node: h.call.node,
        library: lib,
        handler: site.handler.node,
        message: `This delivery comes from an auto-ack consumer (${autoWhy(site)}); settling it again makes the broker close the channel with 406 PRECONDITION_FAILED (unknown delivery tag).`,
        fixes: clean ? switchToManualFix(site) : [],
      });
    }
    return findings;
  }
  if (mode === 'scope') {
    for (const h of explicit) {
      findings.push({
        rule: 'ack-in-auto-ack',
        node: h.call.node,
        library: lib,
        handler: site.handler.node,
        message: `${site.profile.name} settles this delivery itself when the handler returns (ack, or nack if it throws); settling it here as well settles it twice.`,
        fixes: removeStatementFix(ix.text, h.call.node, 'Remove the redundant settle'),
      });
    }
    return findings;
  }
  // manual
  const missing = exits.filter((s) => s.n === 0 && !s.nul);
  if (missing.length) {
    const early = missing.find((s) => s.via)?.via;
    const where = early ? ` (for example the path leaving at line ${early.startPosition.row + 1})` : '';
    const none = !explicit.length;
    findings.push({
      rule: 'missing-ack',
      node: site.anchor,
      span: site.span,
      library: lib,
      handler: site.handler.node,
      allPaths: none,
      handedOff: cx.handedOff,
      message: none
        ? `This consume handler never acknowledges the delivery: with manual acks it stays unacked until the channel closes, then is redelivered.`
        : `A path through this consume handler never acks, nacks or rejects the delivery${where}; it stays unacked until the channel closes.`,
      fixes: explicit.some((h) => h.unawaited) ? [] : missingAckFixes(ix, site, out, missing, explicit.length),
    });
  }
  const doubles = new Map<number, SNode>();
  const scopeNodes = new Set(cx.hits.filter((h) => h.scope).map((h) => h.call.node.startIndex));
  for (const s of exits) {
    if (s.n !== 2 || !s.s2 || s.nul) continue;
    // Report the explicit settle, not the settle-on-scope helper that runs after it.
    const node = scopeNodes.has(s.s2.startIndex) && s.s1 && !scopeNodes.has(s.s1.startIndex) ? s.s1 : s.s2;
    doubles.set(node.startIndex, node);
  }
  for (const node of doubles.values()) {
    findings.push({
      rule: 'double-ack',
      node,
      library: lib,
      handler: site.handler.node,
      message: `On some path the delivery was already settled before this call; a second settle closes the channel with 406 PRECONDITION_FAILED.`,
      fixes: removeStatementFix(ix.text, node, 'Remove the duplicate settle'),
    });
  }
  for (const h of explicit.filter((x) => x.unawaited)) {
    findings.push({
      rule: 'unawaited-ack',
      node: h.call.node,
      library: lib,
      handler: site.handler.node,
      message: `\`${h.call.node.text}\` returns a coroutine that is never awaited, so the ${h.spec.kind} is never sent.`,
      fixes: [{ title: 'Await the settle', edits: [{ start: h.call.node.startIndex, end: h.call.node.startIndex, text: 'await ' }] }],
    });
  }
  for (const c of uniqueCalls(cx.wrong)) {
    findings.push({
      rule: 'wrong-channel',
      node: c.node,
      library: lib,
      handler: site.handler.node,
      message: `The delivery was consumed on another channel than the one it is settled on here; delivery tags are per channel, so the broker closes this channel with 406 PRECONDITION_FAILED (unknown delivery tag).`,
      fixes:
        site.call?.receiver && c.receiver && simpleName(site.call.receiver) && cx.ix.knownChannels.has(lastSegment(site.call.receiver.text)!)
          ? [
              {
                title: `Settle on ${site.call.receiver.text}`,
                edits: [{ start: c.receiver.startIndex, end: c.receiver.endIndex, text: site.call.receiver.text }],
              },
            ]
          : [],
    });
  }
  // A path that leaves without settling is a failure path that does not requeue (reported as missing-ack above).
  const negatives = explicit.filter((h) => h.spec.kind !== 'ack' && !h.unawaited);
  if (negatives.length && !missing.length && negatives.every((h) => h.requeue === true) && !REQUEUE_GUARD.test(ix.text)) {
    findings.push({
      rule: 'requeue-loop',
      node: site.anchor,
      span: site.span,
      library: lib,
      handler: site.handler.node,
      message: `Every failure path requeues the delivery and no delivery limit or dead-letter route is visible: a message that always fails is redelivered forever.`,
      fixes: [],
    });
  }
  return findings;
}

function autoWhy(site: Site): string {
  const f = site.flagNode;
  if (f) {
    const ctx =
      f.parent && /pair|keyword_argument|argument/.test(f.parent.type) && f.parent.text.length < 40 && f.parent.text !== f.text ? f.parent.text : undefined;
    return ctx ? `\`${ctx}\`` : `its auto-ack argument is \`${f.text}\``;
  }
  return `${site.profile.name} consumes with auto-ack unless told otherwise`;
}

function uniqueHits(hs: Hit[]): Hit[] {
  const m = new Map<number, Hit>();
  for (const h of hs) if (!m.has(h.call.node.startIndex)) m.set(h.call.node.startIndex, h);
  return [...m.values()];
}
function uniqueCalls(cs: Call[]): Call[] {
  const m = new Map<number, Call>();
  for (const c of cs) if (!m.has(c.node.startIndex)) m.set(c.node.startIndex, c);
  return [...m.values()];
}

// ---------------------------------------------------------------------------------------------------------------
// Quick fixes (text edits computed now; the editor only applies them)

function missingAckFixes(ix: FileIndex, site: Site, normalOut: St[], missing: St[], explicitCount: number): RawFinding['fixes'] {
  const fixes: RawFinding['fixes'] = [];
  const body = site.handler.body;
  if (!body || ix.fam === 'ex' || ix.fam === 'erl' || ix.fam === 'lfe') return fixes;
  const list = stmts(body).filter((s) => !isComment(s));
  if (!list.length || (list.length === 1 && list[0] === body)) return fixes;
  // Safe only when the missing paths are exactly the fall-through end and nothing settles on it yet.
  if (missing.some((s) => s.via) || normalOut.some((s) => s.n !== 0 && !s.nul)) return fixes;
  const p = site.profile;
  const dv = site.delivery[0];
  if (p.scopeHelper && explicitCount === 0 && dv && /^async\b/.test(site.handler.node.text) && !site.loop) {
    const first = list[0];
    const last = list[list.length - 1];
    const ind = indentAt(ix.text, first.startIndex);
    const inner = ix.text
      .slice(first.startIndex, last.endIndex)
      .split('\n')
      .map((l, i) => (i === 0 || l.trim() === '' ? l : '    ' + l))
      .join('\n');
    fixes.push({
      title: `Wrap the handler in \`async with ${dv}.${p.scopeHelper}():\``,
      edits: [{ start: first.startIndex, end: last.endIndex, text: `async with ${dv}.${p.scopeHelper}():\n${ind}    ${inner}` }],
    });
  }
  const template = site.spec.shape.kind === 'override' || site.handler.name === 'handleDelivery' ? p.overrideAckTemplate : p.ackTemplate;
  if (template) {
    const channel = site.channel ?? simpleName(site.call?.receiver ?? null);
    const vars: Record<string, string | undefined> = { delivery: dv, channel, settle: site.settleFn };
    let ok = true;
    const stmt = template.replace(/\$\{(\w+)\}/g, (_m, k: string) => {
      const v = vars[k];
      if (!v) ok = false;
      return v ?? '';
    });
    if (ok) {
      const last = list[list.length - 1];
      const callbacks = nestedFunctions(ix.fam, last);
      if (!callbacks.length) {
        fixes.push({
          title: `Insert \`${stmt}\` at the end of the handler`,
          edits: [{ start: last.endIndex, end: last.endIndex, text: `\n${indentAt(ix.text, last.startIndex)}${stmt}` }],
        });
      } else {
        // The handler ends by handing work to a callback (the tutorial's `setTimeout(() => …, secs * 1000)`):
        // a settle after that statement would run before the work is done. Settle at the end of the
        // callback when it is a known deferral with a block body; otherwise (forEach? fs.readFile?) we
        // cannot tell when the work ends, so offer no insert fix rather than a wrong one.
        const tail = deferredCallbackTail(ix.fam, last, callbacks);
        if (tail)
          fixes.push({
            title: `Insert \`${stmt}\` at the end of the callback that finishes the work`,
            edits: [{ start: tail.endIndex, end: tail.endIndex, text: `\n${indentAt(ix.text, tail.startIndex)}${stmt}` }],
          });
      }
    }
  }
  return fixes;
}

function switchToManualFix(site: Site): RawFinding['fixes'] {
  const f = site.flagNode;
  const lit = site.profile.manualLiteral?.find((m) => m.auto === f?.text.trim());
  if (!f || !lit) return [];
  return [{ title: 'Switch the consumer to manual acknowledgement', edits: [{ start: f.startIndex, end: f.endIndex, text: lit.manual }] }];
}

// ---------------------------------------------------------------------------------------------------------------
// Entry point

export function analyseTree(
  language: LanguageId,
  text: string,
  root: SNode,
  profiles: Profile[],
  ctx: AnalysisContext = { budget: new Budget() },
): RawFinding[] {
  if (!profiles.length) return [];
  const ix = buildIndex(language, text, root, ctx);
  const sites = findSites(ix, profiles);
  const out: RawFinding[] = [];
  const seen = new Set<string>();
  for (const s of sites) {
    ctx.budget.step(0);
    for (const f of analyseSite(ix, s)) {
      const k = `${f.rule}:${f.span?.[0] ?? f.node.startIndex}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(f);
    }
  }
  return out;
}
