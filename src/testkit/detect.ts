// Which test command a workspace most likely uses: package.json's scripts.test, else pytest, else go test.
// Pure: the caller reads the files (workspace content is untrusted: package.json is only parsed).

export interface WorkspaceFacts {
  /** The text of package.json at the folder root, if any. */
  packageJson?: string;
  /** File names at the folder root. */
  files: readonly string[];
}

const PYTHON_MARKERS = ['pytest.ini', 'pyproject.toml', 'setup.cfg', 'tox.ini', 'conftest.py', 'requirements.txt'];

/** The shell command to run, or undefined when nothing suggests one. */
export function detectTestCommand(w: WorkspaceFacts): string | undefined {
  if (w.packageJson !== undefined) {
    try {
      const test = (JSON.parse(w.packageJson) as { scripts?: { test?: unknown } }).scripts?.test;
      if (typeof test === 'string' && test.trim() && !/no test specified/.test(test)) return 'npm test';
    } catch {
      /* a broken package.json suggests nothing */
    }
  }
  if (w.files.some((f) => PYTHON_MARKERS.includes(f) || /^test_.*\.py$/.test(f))) return 'python3 -m pytest';
  if (w.files.includes('go.mod') || w.files.some((f) => f.endsWith('_test.go'))) return 'go test ./...';
  return undefined;
}
