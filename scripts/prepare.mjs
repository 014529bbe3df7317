// Generates what a fresh clone lacks before the server or the tests run: the Prisma client
// (from prisma/schema.prisma), with --web the built web client, and with --server the built
// server (dist/: what `npm start` runs, plain JavaScript). Skips work already done.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const newest = (dir) => {
  let latest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) latest = Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
};
const stale = (output, ...inputs) =>
  !fs.existsSync(output) || inputs.some((input) => fs.existsSync(input) && (fs.statSync(input).isDirectory() ? newest(input) : fs.statSync(input).mtimeMs) > fs.statSync(output).mtimeMs);
const run = (command, args, env = {}) =>
  execFileSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });

// An image that holds the build only (no sources, no dev dependencies) has nothing to do here.
const has = (...parts) => fs.existsSync(path.join(root, ...parts));

const client = path.join(root, 'server/src/generated/prisma/client.ts');
if (has('prisma/schema.prisma') && stale(client, path.join(root, 'prisma/schema.prisma'))) {
  // `prisma generate` needs no schema engine, but the CLI looks for one before it starts;
  // any existing file satisfies the check on machines that cannot download it.
  run('npx', ['prisma', 'generate'], { PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath });
}

if (process.argv.includes('--web') && has('web/src')) {
  const index = path.join(root, 'web/dist/index.html');
  if (stale(index, path.join(root, 'web/src'), path.join(root, 'web/index.html'), path.join(root, 'vite.config.ts'))) {
    run('npx', ['vite', 'build', '--logLevel', 'warn']);
  }
}

/** The programs production runs, each one JavaScript file in dist/ (npm packages stay in node_modules); the heartbeat's worker thread runs one too. */
const SERVER_ENTRIES = ['server/src/main.ts', 'server/src/rooms/heartbeat-worker.ts', 'seed/cli.ts', 'scripts/instructor-create.ts', 'scripts/instructor-reset-password.ts'];

/**
 * The Prisma client loads its query compiler from a module holding the WebAssembly as one base64
 * string, which the process then keeps twice (the module's source and the string, 9 MB of heap)
 * for as long as it runs. The build ships the binary as a file beside the programs instead
 * (esbuild's file loader) and compiles it from there.
 */
const queryCompilerFromFile = {
  name: 'query-compiler-from-file',
  setup(build) {
    const base64Module = /^@prisma\/client\/runtime\/(query_compiler_\w+_bg\.postgresql)\.wasm-base64\.mjs$/;
    const loadFromModule = /const \{ wasm \} = await import\(("[^"]+")\)\s*return await decodeBase64AsWasm\(wasm\)/;
    build.onLoad({ filter: /generated[\\/]prisma[\\/]internal[\\/]class\.ts$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!loadFromModule.test(source)) throw new Error(`${args.path}: the Prisma client no longer loads its query compiler the way this build expects`);
      const contents = source.replace(
        loadFromModule,
        (_, specifier) =>
          `const { default: file } = await import(${specifier})\n` +
          `    const { readFile } = await import('node:fs/promises')\n` +
          `    return await WebAssembly.compile(await readFile(new URL(file, import.meta.url)))`,
      );
      return { contents, loader: 'ts' };
    });
    build.onResolve({ filter: base64Module }, (args) => ({ path: `${base64Module.exec(args.path)[1]}.wasm`, namespace: 'query-compiler', pluginData: args.path }));
    build.onLoad({ filter: /./, namespace: 'query-compiler' }, async (args) => {
      const { wasm } = await import(args.pluginData);
      return { contents: Buffer.from(wasm, 'base64'), loader: 'file' };
    });
  },
};

if (process.argv.includes('--server') && has('server/src')) {
  const main = path.join(root, 'dist/server/src/main.js');
  if (stale(main, path.join(root, 'server/src'), path.join(root, 'seed'), path.join(root, 'scripts'), path.join(root, 'package-lock.json'))) {
    const { build } = await import('esbuild');
    fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
    await build({
      absWorkingDir: root,
      entryPoints: SERVER_ENTRIES,
      outdir: 'dist',
      outbase: '.',
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      sourcemap: true,
      logLevel: 'warning',
      plugins: [queryCompilerFromFile],
    });
  }
}
