import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The rules of the code's layout that a reader relies on, checked on the files as they are. Imports
 * are read with TypeScript's own scanner and module scope from its syntax tree, so a comment or a
 * string that looks like an import or a cache does not count.
 */

/** The folders of test/ that hold test files: each is a vitest project (vitest.config.ts). */
const TEST_PROJECTS = ['unit', 'integration', 'e2e', 'process', 'property', 'soak', 'hostile', 'fleet'];

/** Path segments by which packages ship their build or sources, which a package may change in any release. */
const INTERNAL_SEGMENTS = new Set(['dist', 'lib', 'esm', 'cjs', 'build', 'src', 'internal', 'internals', 'node_modules']);

function sourceFiles(...roots: string[]): string[] {
  return roots.flatMap((root) => {
    if (!existsSync(root)) return [];
    if (!statSync(root).isDirectory()) return [root];
    return readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.(ts|mts|cts|js|mjs)$/.test(name) && !name.split(sep).includes('node_modules'))
      .map((name) => join(root, name));
  });
}

/** Every module specifier of `text`: imports, re-exports, `import()` and `require()`, comments ignored. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => fileName);
}

function packageOf(specifier: string): { name: string; subpath: string } {
  const parts = specifier.split('/');
  const length = specifier.startsWith('@') ? 2 : 1;
  return { name: parts.slice(0, length).join('/'), subpath: parts.slice(length).join('/') };
}

function exportKeys(name: string): string[] | undefined {
  const manifest = join('node_modules', name, 'package.json');
  if (!existsSync(manifest)) return undefined;
  const { exports } = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown };
  if (exports === undefined || typeof exports === 'string' || Array.isArray(exports)) return undefined;
  const keys = Object.keys(exports as object);
  return keys.every((key) => key.startsWith('.')) ? keys : ['.'];
}

/** An `exports` key with a `*` as a pattern: the `*` stands for any rest of the path. */
function wildcard(key: string): RegExp {
  return new RegExp(
    `^${key
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
}

/**
 * Why `specifier` reaches into a dependency's build, or undefined when it is public: an entry of the
 * package's `exports` by name, or a path with no build segment (`dist`, `lib`, `esm`, …) that its
 * `exports` allows (a package without `exports` allows every path).
 */
function internalImport(specifier: string, keysOf: (name: string) => string[] | undefined = exportKeys): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const { name, subpath } = packageOf(specifier);
  if (subpath === '') return undefined;
  const keys = keysOf(name);
  if (keys?.includes(`./${subpath}`)) return undefined;
  const segment = subpath.split('/').find((part) => INTERNAL_SEGMENTS.has(part));
  if (segment !== undefined) return `${specifier}: "${segment}/" is ${name}'s build, not its API`;
  if (keys !== undefined && !keys.some((key) => key.includes('*') && wildcard(key).test(`./${subpath}`)))
    return `${specifier}: not in ${name}'s "exports"`;
  return undefined;
}

/** Module-scope state in `text`: a `let`/`var`, or a collection or cache made at module scope to be filled later. */
function moduleScopeCaches(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const where = (node: ts.Node) => `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const isCache = (initializer: ts.Expression | undefined): initializer is ts.NewExpression =>
    initializer !== undefined &&
    ts.isNewExpression(initializer) &&
    ((/^(Map|WeakMap|Set|WeakSet)$/.test(initializer.expression.getText(source)) && (initializer.arguments?.length ?? 0) === 0) ||
      /cache|lru/i.test(initializer.expression.getText(source)));
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      const flags = statement.declarationList.flags;
      for (const declaration of statement.declarationList.declarations) {
        const name = declaration.name.getText(source);
        if (!(flags & (ts.NodeFlags.Const | ts.NodeFlags.Using))) found.push(`${where(declaration)}: ${name} is a module-scope variable`);
        else if (isCache(declaration.initializer))
          found.push(`${where(declaration)}: ${name} is a module-scope ${declaration.initializer.expression.getText(source)}`);
      }
    }
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        if (!ts.isPropertyDeclaration(member)) continue;
        const isStatic = ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword);
        if (isStatic && isCache(member.initializer))
          found.push(`${where(member)}: static ${member.name.getText(source)} is shared by every instance`);
      }
    }
  }
  return found;
}

/** Each module `text` imports for its values (not for types only), with the line it is on. */
function runtimeImportsOf(fileName: string, text: string): Array<{ specifier: string; line: number }> {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ specifier: string; line: number }> = [];
  const add = (node: ts.Node, specifier: ts.Expression) => {
    if (ts.isStringLiteral(specifier))
      found.push({ specifier: specifier.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typesOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            bindings !== undefined &&
            ts.isNamedImports(bindings) &&
            bindings.elements.every((element) => element.isTypeOnly)));
      if (!typesOnly) add(node, node.moduleSpecifier);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      const typesOnly =
        node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.every((element) => element.isTypeOnly));
      if (!typesOnly) add(node, node.moduleSpecifier);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      add(node, node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The files `docs/architecture.md` lists, in order, under "The path of one mutation". */
function documentedPath(markdown: string): string[] {
  const section = /^## The path of one mutation\n([\s\S]*?)^## /m.exec(markdown)?.[1] ?? '';
  const steps = section.split('\n').filter((line) => /^\d+\. /.test(line));
  return [...new Set(steps.flatMap((line) => [...line.matchAll(/`(src\/[\w/.-]+\.ts)`/g)].map((match) => match[1]!)))];
}

/** Where a file of `path` imports, for its values, a file listed above it. */
function importsUpThePath(path: readonly string[], read: (file: string) => string): string[] {
  return path.flatMap((file, position) =>
    runtimeImportsOf(file, read(file))
      .filter(({ specifier }) => specifier.startsWith('.'))
      .map(({ specifier, line }) => ({
        target: normalize(join(dirname(file), specifier.replace(/\.js$/, '.ts')))
          .split(sep)
          .join('/'),
        line,
      }))
      .filter(({ target }) => path.indexOf(target) !== -1 && path.indexOf(target) < position)
      .map(({ target, line }) => `${file}:${line} imports ${target}, step ${path.indexOf(target) + 1}`),
  );
}

describe('the layout of the code', () => {
  it('no file imports a dependency by an internal build path (src, test, bench, codegen, examples)', () => {
    const files = sourceFiles('src', 'test', 'bench', 'codegen', 'examples', 'codegen.ts', 'vitest.config.ts');
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8')).flatMap((specifier) => {
        const reason = internalImport(specifier);
        return reason === undefined ? [] : [`${file}: ${reason}`];
      }),
    );
    expect(found).toEqual([]);
  });

  it("package.json's scripts run no dependency's file by its path in node_modules", () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(Object.entries(scripts).filter(([, command]) => command.includes('node_modules'))).toEqual([]);
  });

  it('no file of src/schema/ imports from src/http/ or src/planner/: the schema is the bottom layer', () => {
    const files = sourceFiles('src/schema');
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((file) =>
      importsOf(readFileSync(file, 'utf8'))
        .filter((specifier) => specifier.startsWith('.'))
        .map((specifier) => normalize(join(dirname(file), specifier)))
        .filter((target) => /^src[/\\](http|planner)[/\\]/.test(target))
        .map((target) => `${file} imports ${relative('.', target)}`),
    );
    expect(found).toEqual([]);
  });

  it('src/planner/ and src/http/ keep no cache or other state at module scope: each plugin instance owns its own', () => {
    const files = sourceFiles('src/planner', 'src/http');
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((file) => moduleScopeCaches(file, readFileSync(file, 'utf8')))).toEqual([]);
  });

  it('test/ holds no test file at its top level, and every test file is in a folder that is a vitest project', () => {
    expect(readdirSync('test').filter((name) => /\.(test|spec)\.[cm]?[jt]s$/.test(name))).toEqual([]);
    const tests = readdirSync('test', { recursive: true, encoding: 'utf8' }).filter((name) => /\.(test|spec)\.[cm]?[jt]s$/.test(name));
    expect(tests.length).toBeGreaterThan(50);
    expect(tests.filter((name) => !TEST_PROJECTS.includes(name.split(sep)[0]!))).toEqual([]);
    const config = readFileSync('vitest.config.ts', 'utf8');
    expect(
      TEST_PROJECTS.filter((project) => !config.includes(`name: '${project}'`) || !config.includes(`'test/${project}/**/*.test.ts'`)),
    ).toEqual([]);
  });
  it('the path of one mutation in docs/architecture.md lists files that exist, each importing only files below it', () => {
    const path = documentedPath(readFileSync('docs/architecture.md', 'utf8'));
    expect(path.length).toBeGreaterThan(20);
    expect(path.filter((file) => !existsSync(file))).toEqual([]);
    expect(importsUpThePath(path, (file) => readFileSync(file, 'utf8'))).toEqual([]);
  });
});

describe('the checks above', () => {
  it('see imports and caches in code, not in comments or strings', () => {
    const text = [
      "// import x from 'graphql-yoga/dist/internal.js';",
      "/* const seen = new Map(); */ import { a } from 'undici/lib/core/util.js';",
      'const text = "import y from \'graphql/dist/z.js\'";',
      "export { b } from '@pothos/core/esm/index.js';",
      "const lazy = await import('dataloader/dist/index.js');",
    ].join('\n');
    expect(importsOf(text)).toEqual(['undici/lib/core/util.js', '@pothos/core/esm/index.js', 'dataloader/dist/index.js']);
    expect(
      moduleScopeCaches(
        'x.ts',
        [
          '// const cache = new Map();',
          "const NAMES = new Set(['a', 'b']);",
          'const seen = new WeakMap<object, number>();',
          'let last: string | undefined;',
          'export class Planner { static #plans = new Map(); #own = new Map(); }',
          'function f() { const local = new Map(); return local; }',
          'const documents = new DocumentCache(100);',
        ].join('\n'),
      ),
    ).toEqual([
      'x.ts:3: seen is a module-scope WeakMap',
      'x.ts:4: last is a module-scope variable',
      'x.ts:5: static #plans is shared by every instance',
      'x.ts:7: documents is a module-scope DocumentCache',
    ]);
  });

  it('tell a public subpath (by name in "exports", or allowed by it) from a build path', () => {
    const keysOf = (name: string) =>
      ({ tsx: ['.', './esm', './esm/api'], vitest: ['.', './config', './src/*'], pkg: ['.', './feature/*'] })[name];
    expect(internalImport('tsx/esm/api', keysOf)).toBeUndefined();
    expect(internalImport('vitest/config', keysOf)).toBeUndefined();
    expect(internalImport('pkg/feature/x', keysOf)).toBeUndefined();
    expect(internalImport('graphql/index.js', keysOf)).toBeUndefined();
    expect(internalImport('./local/dist/x.js', keysOf)).toBeUndefined();
    expect(internalImport('vitest/src/runtime.ts', keysOf)).toBe('vitest/src/runtime.ts: "src/" is vitest\'s build, not its API');
    expect(internalImport('graphql/dist/index.js', keysOf)).toBe('graphql/dist/index.js: "dist/" is graphql\'s build, not its API');
    expect(internalImport('pkg/other', keysOf)).toBe('pkg/other: not in pkg\'s "exports"');
  });
  it('find an import up the documented path, but not one of types only', () => {
    const files: Record<string, string> = {
      'src/a.ts': "import { b } from './b.js';",
      'src/b.ts':
        "import type { A } from './a.js';\nimport { type A2 } from './a.js';\nexport type { A3 } from './a.js';\nimport { c } from './c/c.js';",
      'src/c/c.ts': "// import { a } from '../a.js';\nimport { type A, a } from '../a.js';",
    };
    const markdown = [
      '## The path of one mutation',
      '',
      '1. `src/a.ts`: a',
      '2. `src/b.ts` and `src/c/c.ts`: b, c',
      '',
      '## Next',
      '3. `src/d.ts`',
    ].join('\n');
    const path = documentedPath(markdown);
    expect(path).toEqual(['src/a.ts', 'src/b.ts', 'src/c/c.ts']);
    expect(importsUpThePath(path, (file) => files[file]!)).toEqual(['src/c/c.ts:2 imports src/a.ts, step 1']);
  });
});
