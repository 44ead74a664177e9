// Localisation of the extension: package.json's user-visible strings are %key% placeholders with their
// English text in package.nls.json (no key missing, none unused), and every vscode.l10n.t message in
// src/vscode is in the English bundle l10n/bundle.l10n.json, so the bundle translators start from cannot
// drift from the code.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLE, bundleText, scanL10n } from '../../../scripts/l10n-bundle';
import { localizedManifest, placeholders, readJson } from '../../support/manifest';

const pkg = readJson('package.json') as any;
const nls = readJson('package.nls.json') as Record<string, string>;

describe('vscode/l10n: package.nls.json', () => {
  it('every %key% in package.json has an English text, and every text is used', () => {
    const used = new Set(placeholders(pkg));
    assert.ok(used.size > 50, `only ${used.size} placeholders`);
    assert.deepEqual(
      [...used].filter((k) => !(k in nls)),
      [],
      'placeholders without a text',
    );
    assert.deepEqual(
      Object.keys(nls).filter((k) => !used.has(k)),
      [],
      'texts no placeholder uses',
    );
    for (const [k, v] of Object.entries(nls)) assert.ok(typeof v === 'string' && v.trim(), `${k} is empty`);
  });

  it('leaves no user-visible string of the manifest untranslatable', () => {
    const c = pkg.contributes;
    const visible: [string, unknown][] = [
      ['displayName', pkg.displayName],
      ['description', pkg.description],
      ['untrustedWorkspaces.description', pkg.capabilities.untrustedWorkspaces.description],
      ...c.viewsContainers.activitybar.map((v: any) => [`viewsContainer ${v.id}`, v.title]),
      ...c.views.acklab.flatMap((v: any) => [
        [`view ${v.id}`, v.name],
        [`view ${v.id} contextualTitle`, v.contextualTitle],
      ]),
      ...c.viewsWelcome.map((w: any) => [`viewsWelcome ${w.view} ${w.when}`, w.contents]),
      ...c.commands.flatMap((x: any) => [
        [`command ${x.command}`, x.title],
        [`command ${x.command} category`, x.category],
      ]),
      ...c.terminal.profiles.map((p: any) => [`terminal ${p.id}`, p.title]),
      ['configuration.title', c.configuration.title],
      ...settingTexts(c.configuration.properties),
      ...c.walkthroughs.flatMap((w: any) => [
        [`walkthrough ${w.id}`, w.title],
        [`walkthrough ${w.id} description`, w.description],
        ...w.steps.flatMap((s: any) => [
          [`step ${s.id}`, s.title],
          [`step ${s.id} description`, s.description],
        ]),
      ]),
    ];
    const literal = visible.filter(([, v]) => typeof v !== 'string' || !/^%[\w.-]+%$/.test(v));
    assert.deepEqual(literal, [], 'user-visible strings written in package.json instead of package.nls.json');
  });

  it('VS Code shows the English texts: "AckLab: Start Broker" and the welcome buttons', () => {
    const m = localizedManifest();
    const start = m.contributes.commands.find((c: { command: string }) => c.command === 'acklab.startBroker');
    assert.equal(`${start.category}: ${start.title}`, 'AckLab: Start Broker');
    assert.equal(m.displayName, 'AckLab');
    assert.match(m.contributes.viewsWelcome[0].contents, /\[Open Terminal with AMQP_URL\]\(command:acklab\.openTerminal\)/);
    assert.equal(m.contributes.configuration.properties['acklab.profile'].enumDescriptions.length, 3);
  });

  it('package.json points VS Code at the bundle folder', () => {
    assert.equal(pkg.l10n, './l10n');
  });
});

describe('vscode/l10n: l10n/bundle.l10n.json', () => {
  const scan = scanL10n();

  it('every vscode.l10n.t call has a literal message whose {n} placeholders match its arguments', () => {
    assert.deepEqual(scan.problems, []);
    assert.ok(scan.messages.size > 100, `only ${scan.messages.size} messages`);
  });

  it('the bundle holds exactly the messages of the code (regenerate: npm run l10n)', () => {
    const bundle = JSON.parse(readFileSync(BUNDLE, 'utf8')) as Record<string, string>;
    const missing = [...scan.messages.keys()].filter((m) => !(m in bundle));
    assert.deepEqual(missing, [], 'messages missing from l10n/bundle.l10n.json');
    const unused = Object.keys(bundle).filter((k) => !scan.messages.has(k));
    assert.deepEqual(unused, [], 'bundle entries no code uses');
    for (const [k, v] of Object.entries(bundle)) assert.equal(v, k, 'the English bundle maps each message to itself');
    assert.equal(readFileSync(BUNDLE, 'utf8'), bundleText(scan));
  });

  it('the checker catches a message built at run time and a placeholder without its argument', () => {
    const bad = scanFixture('vscode.l10n.t(`Deleted ${q}`);\nvscode.l10n.t("Purge {0} of {1}?", q);\nvscode.l10n.t("Purge?", q);\n');
    assert.equal(bad.problems.length, 3, bad.problems.join('\n'));
    assert.match(bad.problems[0]!, /:1: vscode\.l10n\.t needs a string literal/);
    assert.match(bad.problems[1]!, /:2: \{1\} in "Purge \{0\} of \{1\}\?" has no argument/);
    assert.match(bad.problems[2]!, /:3: argument 0 has no \{0\}/);
  });
});

function settingTexts(props: Record<string, any>, prefix = ''): [string, unknown][] {
  return Object.entries(props).flatMap(([k, p]): [string, unknown][] => [
    ...(['description', 'markdownDescription'] as const).filter((f) => f in p).map((f): [string, unknown] => [`${prefix}${k} ${f}`, p[f]]),
    ...((p.enumDescriptions ?? []) as unknown[]).map((d, i): [string, unknown] => [`${prefix}${k} enumDescriptions[${i}]`, d]),
    ...(p.items?.properties ? settingTexts(p.items.properties, `${prefix}${k}.`) : []),
  ]);
}

function scanFixture(code: string): ReturnType<typeof scanL10n> {
  const dir = mkdtempSync(join(tmpdir(), 'acklab-l10n-'));
  try {
    writeFileSync(join(dir, 'x.ts'), code);
    return scanL10n(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
