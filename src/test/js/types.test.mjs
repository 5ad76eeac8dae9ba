// The library's JSDoc types hold (tsc --checkJs), and the committed switchboard.d.ts is what the
// compiler generates from it today.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, "node_modules", "typescript", "bin", "tsc");
const library = join(here, "..", "..", "..", "webapp", "js");

function run(...args) {
  try {
    return execFileSync(process.execPath, [tsc, "-p", join(here, "tsconfig.json"), ...args], { encoding: "utf8" });
  } catch (error) {
    assert.fail(`tsc ${args.join(" ")} failed:\n${error.stdout}${error.stderr}`);
  }
}

test("the library type-checks with tsc --noEmit --checkJs --strict", { timeout: 60000 }, () => {
  run("--noEmit");
});

test("the committed switchboard.d.ts matches the declarations tsc generates (regenerate: npm run types)", { timeout: 60000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "sb-dts-"));
  run("--noEmit", "false", "--declaration", "--emitDeclarationOnly", "--outDir", out);
  const generated = readFileSync(join(out, "switchboard.d.ts"), "utf8");
  const committed = readFileSync(join(library, "switchboard.d.ts"), "utf8");
  assert.equal(committed, generated, "switchboard.d.ts drifted from switchboard.js: run `npm run types` in src/test/js");
});

test("the package.json lets the folder install as an npm package", () => {
  const pkg = JSON.parse(readFileSync(join(library, "package.json"), "utf8"));
  assert.equal(pkg.name, "switchboard-client");
  assert.equal(pkg.type, "module");
  assert.equal(pkg.exports["."].default, "./switchboard.js");
  assert.equal(pkg.types, "./switchboard.d.ts");
});
