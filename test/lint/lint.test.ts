import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../infra/paths';

// The lint and the type check are part of the suite, so `npm test` (and CI) fails on either. Both
// run as child processes: ESLint loads its ES-module config by dynamic import, which Jest's module
// sandbox does not allow.
function node(script: string, args: string[], input?: string) {
  return spawnSync(process.execPath, [join(projectRoot, 'node_modules', ...script.split('/')), ...args], {
    cwd: projectRoot,
    encoding: 'utf8',
    input,
  });
}

interface EslintResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; message: string; line: number }>;
}

// Type-aware linting of the whole tree is the slowest part of the suite; give it room on a busy machine.
const staticCheckTimeoutMs = 300_000;

describe('static checks', () => {
  it(
    'passes ESLint (sandbox imports, floating promises, type-only imports, cycles)',
    () => {
      const eslint = node('eslint/bin/eslint.js', ['.', '--format', 'json']);
      const results = JSON.parse(eslint.stdout) as EslintResult[];
      const problems = results.flatMap((result) =>
        result.messages.map((m) => `${result.filePath.slice(projectRoot.length + 1)}:${m.line} ${m.ruleId}: ${m.message}`),
      );
      expect(problems).toEqual([]);
      expect(results.length).toBeGreaterThan(20);
      expect(eslint.status).toBe(0);
    },
    staticCheckTimeoutMs,
  );

  it(
    'is laid out by Prettier (`npm run format` fixes it)',
    () => {
      const prettier = node('prettier/bin/prettier.cjs', ['--list-different', '.']);
      // --list-different names every file whose layout differs from Prettier's, one a line.
      expect(prettier.stdout.split('\n').filter(Boolean)).toEqual([]);
      expect(prettier.stderr).toBe('');
      expect(prettier.status).toBe(0);
    },
    staticCheckTimeoutMs,
  );

  it(
    'type-checks every source and test file, and the web application',
    () => {
      const tsc = node('typescript/bin/tsc', ['-p', 'tsconfig.json']);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
      // The web application (web/) is its own project: browser globals, JSX for Preact.
      const web = node('typescript/bin/tsc', ['-p', 'web/tsconfig.json']);
      expect(web.stdout + web.stderr).toBe('');
      expect(web.status).toBe(0);
    },
    staticCheckTimeoutMs,
  );

  it(
    'keeps workflow code away from Node: the rule fires on a forbidden import',
    () => {
      const source = "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n";
      // Linted as if it were the text of a real workflow file, so the type-aware parser accepts it.
      const eslint = node('eslint/bin/eslint.js', ['--stdin', '--stdin-filename', 'workflows/ticket/contract.ts', '--format', 'json'], source);
      const [result] = JSON.parse(eslint.stdout) as EslintResult[];
      expect(result.messages.map((message) => message.ruleId)).toContain('no-restricted-imports');
    },
    staticCheckTimeoutMs,
  );
});
