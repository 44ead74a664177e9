// Where an editor shows a finding that has no source line (a client without a trace hook: Go, Java…):
// the Problems panel needs a file. The first line of the test folder's sources that names the finding's
// queue in quotes (where the test declares or consumes it), else the folder's project manifest at line 1.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Anchor {
  /** Absolute path. */
  file: string;
  /** 1-based, like SourceLocation. */
  line: number;
  column: number;
  /** Why the finding is shown here, for the user. */
  why: string;
}

/** Project manifests, in the order they are preferred as the fallback. */
const MANIFESTS = [
  'go.mod',
  'package.json',
  'pyproject.toml',
  'setup.cfg',
  'setup.py',
  'pytest.ini',
  'tox.ini',
  'pom.xml',
  'build.gradle',
  'build.gradle.kts',
  'Cargo.toml',
  'Gemfile',
  'mix.exs',
  'composer.json',
];
const SOURCE = /\.(?:[cm]?[jt]sx?|py|go|java|kt|cs|rb|php|exs?|rs|scala|clj)$/;
const SKIP = new Set(['node_modules', '.git', 'vendor', 'dist', 'build', 'out', 'target', '__pycache__', '.venv', 'venv', '.tox', 'coverage']);
const MAX_FILES = 2000;
const MAX_DEPTH = 6;
const MAX_BYTES = 1_000_000;

/** Source files under `folder` (sorted, bounded; dependency and build folders skipped). */
export function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (out.length >= MAX_FILES) return;
      const p = join(dir, n);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (depth < MAX_DEPTH && !SKIP.has(n) && !n.startsWith('.')) walk(p, depth + 1);
      } else if (SOURCE.test(n) && st.size <= MAX_BYTES) out.push(p);
    }
  };
  walk(folder, 0);
  return out;
}

/** Finds anchors for many findings of one run, reading each file once. */
export class AnchorFinder {
  private files: string[] | undefined;
  private readonly texts = new Map<string, string[]>();

  constructor(private readonly folder: string) {}

  anchor(queue: string): Anchor | undefined {
    if (queue) {
      const quoted = [`"${queue}"`, `'${queue}'`, `\`${queue}\``];
      for (const file of (this.files ??= sourceFiles(this.folder))) {
        const lines = this.lines(file);
        for (let i = 0; i < lines.length; i++) {
          const cols = quoted.map((q) => lines[i]!.indexOf(q)).filter((c) => c >= 0);
          const col = Math.min(...cols);
          if (cols.length)
            return { file, line: i + 1, column: col + 1, why: `shown at the first mention of queue "${queue}" in ${relative(this.folder, file)}` };
        }
      }
    }
    const manifest = MANIFESTS.map((m) => join(this.folder, m)).find((p) => isFile(p));
    if (manifest) return { file: manifest, line: 1, column: 1, why: `shown on ${relative(this.folder, manifest)}` };
    const first = (this.files ??= sourceFiles(this.folder))[0];
    return first ? { file: first, line: 1, column: 1, why: `shown on ${relative(this.folder, first)}` } : undefined;
  }

  private lines(file: string): string[] {
    let l = this.texts.get(file);
    if (!l) {
      try {
        l = readFileSync(file, 'utf8').split(/\r?\n/);
      } catch {
        l = [];
      }
      this.texts.set(file, l);
    }
    return l;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
