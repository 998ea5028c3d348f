// Builds the explorer into one directory the node serves at /explorer:
//   node build.mjs OUT_DIR
// index.html, app.js (every module bundled and minified) and app.css. No source maps: the
// page ships as small as it can, and the sources are in this folder.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs OUT_DIR');
  process.exit(2);
}
// Only the files this script writes are replaced: the directory is served as it is, and OUT_DIR
// may be mistyped, so nothing else in it is touched.
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { app: path.join(here, 'src/main.js'), 'app-style': path.join(here, 'src/style.css') },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  outdir: out,
  logLevel: 'warning',
});
// esbuild names a CSS entry after its key; the page links app.css.
copyFileSync(path.join(out, 'app-style.css'), path.join(out, 'app.css'));
rmSync(path.join(out, 'app-style.css'));
copyFileSync(path.join(here, 'public/index.html'), path.join(out, 'index.html'));
const files = ['index.html', 'app.js', 'app.css'];
let total = 0;
for (const f of files) total += statSync(path.join(out, f)).size;
console.log(`explorer: ${files.length} files, ${(total / 1024).toFixed(1)} KB in ${out}`);
