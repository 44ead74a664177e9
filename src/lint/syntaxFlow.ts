// Per-language control flow: what an if/switch/try/loop/return/with node means for the path walk (walk.ts).
import type { Family } from './languages';
import { field, type Flow, FUNC_TYPES, headText, isComment, named, optionValue, type SNode, stmts } from './syntax';

const JS_LOOPS = ['for_statement', 'for_in_statement', 'while_statement', 'do_statement'];

/** Control-flow meaning of a node, or null when it is plain sequential code. */
export function flowOf(fam: Family, n: SNode): Flow | null {
  const t = n.type;
  if (isComment(n)) return { k: 'skip' };
  if (FUNC_TYPES[fam].includes(t) || t === 'class_declaration' || t === 'class_definition' || t === 'class' || t === 'decorated_definition')
    return { k: 'func' };
  switch (fam) {
    case 'js':
    case 'java':
    case 'cs':
    case 'go':
    case 'php':
      return flowOfCLike(fam, n);
    case 'py':
      return flowOfPython(n);
    case 'rb':
      return flowOfRuby(n);
    case 'ex':
    case 'erl':
    case 'lfe':
      return flowOfCallLang(n);
  }
}

/** JavaScript/TypeScript, Java, C#, Go, PHP. */
function flowOfCLike(fam: Family, n: SNode): Flow | null {
  const t = n.type;
  if (t === 'if_statement') return cIf(n);
  if (t === 'ternary_expression' || t === 'conditional_expression') {
    return { k: 'if', cond: field(n, 'condition'), arms: [field(n, 'consequence') ?? field(n, 'body'), field(n, 'alternative')], exhaustive: true };
  }
  if (t === 'binary_expression') {
    const op = n.children.find((c) => !c.isNamed && /^(&&|\|\||\?\?|and|or)$/.test(c.text));
    if (op) return { k: 'short', left: field(n, 'left')!, right: field(n, 'right')! };
    return null;
  }
  if (t === 'return_statement') return { k: 'return', value: n.namedChildren[0] ?? null };
  if (t === 'throw_statement' || t === 'throw_expression') return { k: 'throw' };
  if (t === 'break_statement') return { k: 'break' };
  if (t === 'continue_statement') return { k: 'continue' };
  if (t === 'switch_statement' || t === 'switch_expression' || t === 'expression_switch_statement' || t === 'type_switch_statement' || t === 'select_statement')
    return cSwitch(fam, n);
  if (t === 'try_statement' || t === 'try_with_resources_statement') return cTry(fam, n);
  if (JS_LOOPS.includes(t) || t === 'enhanced_for_statement' || t === 'foreach_statement' || t === 'for_each_statement') return cLoop(fam, n);
  if (t === 'defer_statement') return { k: 'defer', body: n.namedChildren[0] };
  if (
    t === 'import_statement' ||
    t === 'import_declaration' ||
    t === 'using_directive' ||
    t === 'package_clause' ||
    t === 'namespace_use_declaration' ||
    t === 'type_annotation'
  )
    return { k: 'skip' };
  return null;
}

function cIf(n: SNode): Flow {
  const arms: (SNode | null)[] = [field(n, 'consequence') ?? field(n, 'body')];
  let exhaustive = false;
  for (const alt of n.childrenForFieldName('alternative')) {
    if (alt.type === 'else_clause') {
      arms.push(field(alt, 'body') ?? alt.namedChildren[0] ?? null);
      exhaustive = true;
    } else if (alt.type === 'else_if_clause') arms.push(field(alt, 'body'));
    else {
      arms.push(alt);
      exhaustive = true;
    }
  }
  return { k: 'if', cond: field(n, 'condition'), arms, exhaustive, init: field(n, 'initializer') };
}

function cSwitch(fam: Family, n: SNode): Flow {
  const body = field(n, 'body');
  const cases = body ? named(body) : named(n).filter((c) => /case|default|communication/.test(c.type));
  const arms: SNode[][] = [];
  let exhaustive = false;
  let fallthrough = fam === 'js' || fam === 'php' || fam === 'java';
  for (const c of cases) {
    if (c.type === 'switch_rule') fallthrough = false;
    const isDefault =
      c.type === 'switch_default' ||
      c.type === 'default_statement' ||
      c.type === 'default_case' ||
      /^default\b/.test(c.text.trim()) ||
      ((c.type === 'switch_block_statement_group' || c.type === 'switch_rule') &&
        c.namedChildren.some((l) => l.type === 'switch_label' && /^default/.test(l.text.trim())));
    if (isDefault) exhaustive = true;
    const value = field(c, 'value');
    arms.push(
      named(c).filter(
        (s) =>
          s !== value &&
          s.type !== 'switch_label' &&
          s.type !== 'constant_pattern' &&
          s.type !== 'case_switch_label' &&
          s.type !== 'expression_list' &&
          !/pattern$/.test(s.type) &&
          s.type !== 'when_clause',
      ),
    );
  }
  return { k: 'switch', subject: field(n, 'value') ?? field(n, 'condition'), arms, exhaustive, fallthrough, init: field(n, 'initializer') };
}

function cTry(fam: Family, n: SNode): Flow {
  const clauses = named(n).filter((c) => c.type === 'catch_clause');
  const bodies = clauses.map((c) => field(c, 'body') ?? c.namedChildren[c.namedChildren.length - 1] ?? null);
  const catches = bodies.map((b) => stmts(b));
  const catchHeads = clauses.map((c, i) => headText(c, bodies[i]));
  const fin = named(n).find((c) => c.type === 'finally_clause');
  const finBody = fin ? stmts(field(fin, 'body') ?? fin.namedChildren[0] ?? null) : [];
  const head = fam === 'java' ? (field(n, 'resources') ? [field(n, 'resources')!] : []) : [];
  return { k: 'try', body: [...head, ...stmts(field(n, 'body'))], catches, orelse: [], fin: finBody, catchHeads };
}

function cLoop(fam: Family, n: SNode): Flow {
  const t = n.type;
  const body = field(n, 'body') ?? named(n).find((c) => c.type === 'block') ?? null;
  const cond = field(n, 'condition');
  let infinite = false;
  if (t === 'while_statement' && cond && /^\(?\s*true\s*\)?$/.test(cond.text)) infinite = true;
  if (t === 'for_statement' && fam !== 'go' && !cond && !/;\s*[^;\s)]/.test(n.text.slice(0, n.text.indexOf(')') + 1))) infinite = true;
  if (fam === 'go' && t === 'for_statement' && named(n).length === 1) infinite = true;
  if (fam === 'go' && t === 'for_statement' && cond && cond.text === 'true') infinite = true;
  const head = named(n).filter((c) => c !== body && c.type !== 'range_clause');
  const range = named(n).find((c) => c.type === 'range_clause');
  if (range && field(range, 'right')) head.push(field(range, 'right')!);
  return { k: 'loop', head: t === 'do_statement' ? [] : head, body: stmts(body), infinite };
}

function flowOfPython(n: SNode): Flow | null {
  const t = n.type;
  if (t === 'if_statement') {
    const arms: (SNode | null)[] = [field(n, 'consequence')];
    let exhaustive = false;
    for (const alt of n.childrenForFieldName('alternative')) {
      if (alt.type === 'else_clause') {
        arms.push(field(alt, 'body'));
        exhaustive = true;
      } else arms.push(field(alt, 'consequence'));
    }
    return { k: 'if', cond: field(n, 'condition'), arms, exhaustive };
  }
  if (t === 'conditional_expression') {
    const [a, c, b] = named(n);
    return { k: 'if', cond: c ?? null, arms: [a ?? null, b ?? null], exhaustive: true };
  }
  if (t === 'boolean_operator') return { k: 'short', left: field(n, 'left')!, right: field(n, 'right')! };
  if (t === 'return_statement') return { k: 'return', value: n.namedChildren[0] ?? null };
  if (t === 'raise_statement') return { k: 'throw' };
  if (t === 'break_statement') return { k: 'break' };
  if (t === 'continue_statement') return { k: 'continue' };
  if (t === 'match_statement') {
    const body = field(n, 'body') ?? n.namedChildren[n.namedChildren.length - 1];
    const cases = named(body).filter((c) => c.type === 'case_clause');
    return {
      k: 'switch',
      subject: field(n, 'subject'),
      arms: cases.map((c) => stmts(field(c, 'consequence'))),
      exhaustive: cases.some((c) => /^case\s+_\s*:/.test(c.text)),
      fallthrough: false,
    };
  }
  if (t === 'try_statement') {
    const clauses = named(n).filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause');
    const bodies = clauses.map((c) => named(c).find((x) => x.type === 'block') ?? null);
    const catches = bodies.map((b) => stmts(b));
    const catchHeads = clauses.map((c, i) => headText(c, bodies[i]));
    const orelse = named(n).find((c) => c.type === 'else_clause');
    const fin = named(n).find((c) => c.type === 'finally_clause');
    return {
      k: 'try',
      body: stmts(field(n, 'body')),
      catches,
      orelse: orelse ? stmts(field(orelse, 'body')) : [],
      fin: fin ? stmts(named(fin).find((x) => x.type === 'block') ?? null) : [],
      catchHeads,
    };
  }
  if (t === 'for_statement' || t === 'while_statement') {
    const cond = field(n, 'condition');
    return {
      k: 'loop',
      head: [field(n, 'right') ?? cond].filter((x): x is SNode => !!x),
      body: stmts(field(n, 'body')),
      infinite: t === 'while_statement' && !!cond && /^(True|1)$/.test(cond.text),
    };
  }
  if (t === 'with_statement') {
    const clause = named(n).find((c) => c.type === 'with_clause');
    const items = named(clause).map((i) => field(i, 'value') ?? i);
    return { k: 'with', items, body: stmts(field(n, 'body')) };
  }
  if (t === 'import_statement' || t === 'import_from_statement') return { k: 'skip' };
  return null;
}

function flowOfRuby(n: SNode): Flow | null {
  const t = n.type;
  if (t === 'if' || t === 'unless' || t === 'elsif') {
    const arms: (SNode | null)[] = [field(n, 'consequence')];
    let alt = field(n, 'alternative');
    let exhaustive = false;
    while (alt) {
      if (alt.type === 'else') {
        arms.push(alt);
        exhaustive = true;
        break;
      }
      arms.push(field(alt, 'consequence'));
      alt = field(alt, 'alternative');
    }
    return { k: 'if', cond: field(n, 'condition'), arms, exhaustive };
  }
  if (t === 'if_modifier' || t === 'unless_modifier') return { k: 'if', cond: field(n, 'condition'), arms: [field(n, 'body')], exhaustive: false };
  if (t === 'conditional') return { k: 'if', cond: field(n, 'condition'), arms: [field(n, 'consequence'), field(n, 'alternative')], exhaustive: true };
  if (t === 'binary') {
    const op = field(n, 'operator')?.text ?? n.children.find((c) => !c.isNamed)?.text;
    if (op && /^(&&|\|\||and|or)$/.test(op)) return { k: 'short', left: field(n, 'left')!, right: field(n, 'right')! };
    return null;
  }
  if (t === 'return') return { k: 'return', value: n.namedChildren[0] ?? null };
  if (t === 'next') return { k: 'continue' };
  if (t === 'break') return { k: 'break' };
  if (t === 'case' || t === 'case_match') {
    const whens = named(n).filter((c) => c.type === 'when' || c.type === 'in_clause');
    const els = named(n).find((c) => c.type === 'else');
    const arms = whens.map((w) => stmts(field(w, 'body')));
    if (els) arms.push(stmts(els));
    return { k: 'switch', subject: field(n, 'value'), arms, exhaustive: !!els, fallthrough: false };
  }
  if (t === 'begin' || (t === 'body_statement' && named(n).some((c) => c.type === 'rescue' || c.type === 'ensure'))) {
    const kids = named(n);
    const body = kids.filter((c) => c.type !== 'rescue' && c.type !== 'ensure' && c.type !== 'else');
    const rescues = kids.filter((c) => c.type === 'rescue');
    const catches = rescues.map((c) => stmts(field(c, 'body')));
    const catchHeads = rescues.map((c) => headText(c, field(c, 'body')));
    const orelse = kids.find((c) => c.type === 'else');
    const fin = kids.find((c) => c.type === 'ensure');
    return { k: 'try', body, catches, orelse: orelse ? stmts(orelse) : [], fin: fin ? named(fin) : [], catchHeads };
  }
  if (t === 'while' || t === 'until' || t === 'for') {
    const cond = field(n, 'condition');
    return {
      k: 'loop',
      head: [field(n, 'value') ?? cond].filter((x): x is SNode => !!x),
      body: stmts(field(n, 'body')),
      infinite: t === 'while' && cond?.text === 'true',
    };
  }
  return null;
}

/** Elixir (tree-sitter) and the Erlang/LFE readers: control flow is expressed by calls with clause blocks. */
function flowOfCallLang(n: SNode): Flow | null {
  if (n.type === 'anonymous_function' || n.type === 'fun' || n.type === 'function') return { k: 'func' };
  if (n.type === 'comment') return { k: 'skip' };
  if (n.type === 'clauses') {
    // Erlang/LFE reader: alternatives (case/if/receive) as a node with `clause` children.
    const clauses = named(n).filter((c) => c.type === 'clause');
    return { k: 'switch', subject: null, arms: clauses.map((c) => stmts(field(c, 'body'))), exhaustive: true, fallthrough: false };
  }
  if (n.type === 'try') {
    return {
      k: 'try',
      body: stmts(field(n, 'body')),
      catches: n.childrenForFieldName('catch').map((c) => stmts(c)),
      orelse: [],
      fin: stmts(field(n, 'after')),
    };
  }
  if (n.type === 'do_block' && n.namedChildren.some((c) => c.type === 'rescue_block' || c.type === 'catch_block' || c.type === 'after_block')) {
    const kids = n.namedChildren;
    const body = kids.filter((c) => !/_block$/.test(c.type));
    const catches = kids
      .filter((c) => c.type === 'rescue_block' || c.type === 'catch_block')
      .map((b) => named(b).flatMap((c) => (c.type === 'stab_clause' ? stmts(c.childForFieldName('right')) : [c])));
    const after = kids.find((c) => c.type === 'after_block');
    const els = kids.find((c) => c.type === 'else_block');
    return { k: 'try', body, catches, orelse: els ? named(els) : [], fin: after ? named(after) : [] };
  }
  if (n.type !== 'call') return null;
  const target = n.childForFieldName('target');
  if (!target || target.type !== 'identifier') return null;
  const kw = target.text;
  const doBlock = n.namedChildren.find((c) => c.type === 'do_block') ?? null;
  const argsNode = n.namedChildren.find((c) => c.type === 'arguments') ?? null;
  const kws = argsNode?.namedChildren.find((c) => c.type === 'keywords');
  if (kw === 'def' || kw === 'defp' || kw === 'defmacro') return { k: 'func' };
  if (kw === 'raise' || kw === 'reraise' || kw === 'throw' || kw === 'exit' || kw === 'error') return { k: 'throw' };
  if (kw === 'if' || kw === 'unless') {
    if (doBlock) {
      const els = doBlock.namedChildren.find((c) => c.type === 'else_block');
      const thenStmts = doBlock.namedChildren.filter((c) => c.type !== 'else_block');
      return { k: 'switch', subject: argsNode?.namedChildren[0] ?? null, arms: [thenStmts, els ? named(els) : []], exhaustive: true, fallthrough: false };
    }
    if (kws) {
      const d = optionValue(kws, ['do']);
      const e = optionValue(kws, ['else']);
      return { k: 'switch', subject: argsNode?.namedChildren[0] ?? null, arms: [d ? [d] : [], e ? [e] : []], exhaustive: true, fallthrough: false };
    }
  }
  if ((kw === 'case' || kw === 'cond' || kw === 'receive' || kw === 'with') && doBlock) {
    const clauses = doBlock.namedChildren.filter((c) => c.type === 'stab_clause');
    const arms = clauses.map((c) => stmts(c.childForFieldName('right')));
    const els = doBlock.namedChildren.find((c) => c.type === 'else_block');
    if (els) arms.push(named(els).flatMap((c) => (c.type === 'stab_clause' ? stmts(c.childForFieldName('right')) : [c])));
    if (kw === 'with' && !els) arms.push([]); // without else, a failed match returns the value unchanged
    const head = kw === 'case' ? argsNode?.namedChildren[0] : undefined;
    return { k: 'switch', subject: head ?? null, arms, exhaustive: kw !== 'receive' || true, fallthrough: false };
  }
  if (kw === 'try' && doBlock) {
    const body = doBlock.namedChildren.filter((c) => !/_block$/.test(c.type));
    const catches = doBlock.namedChildren
      .filter((c) => c.type === 'rescue_block' || c.type === 'catch_block')
      .map((b) => named(b).flatMap((c) => (c.type === 'stab_clause' ? stmts(c.childForFieldName('right')) : [c])));
    const after = doBlock.namedChildren.find((c) => c.type === 'after_block');
    const els = doBlock.namedChildren.find((c) => c.type === 'else_block');
    return { k: 'try', body, catches, orelse: els ? named(els) : [], fin: after ? named(after) : [] };
  }
  return null;
}
