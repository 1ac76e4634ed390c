// Unit tests of the server discovery, run with Node's own test runner (`npm test`).
//
// The commands are real processes: TEXTLINT_TEST_PYTHON names an interpreter with this textlint
// installed (the Python test suite passes its own), and small shell scripts stand in for npm's
// `textlint` and for an interpreter without textlint.

import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { candidates, findServer, isFound, isThisServer, probe, runProcess } from './discovery';

const python = process.env.TEXTLINT_TEST_PYTHON;

function script(folder: string, name: string, body: string): string {
  const file = path.join(folder, name);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

function fakes() {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'textlint-discovery-'));
  // npm's textlint: `--version` prints its own version, `lsp` is no command of it
  const npmTextlint = script(folder, 'npm-textlint', 'if [ "$1" = --version ]; then echo v14.4.0; else echo "No rules found"; exit 1; fi');
  const bareInterpreter = script(folder, 'python-without-textlint', 'echo "/usr/bin/python3: No module named textlint" >&2; exit 1');
  return { folder, npmTextlint, bareInterpreter };
}

test('the order is setting, then the selected interpreter, then PATH', () => {
  assert.deepEqual(candidates({ interpreter: ['/env/bin/python'] }), [
    { command: '/env/bin/python', args: ['-m', 'textlint', 'lsp'], source: 'python' },
    { command: 'textlint', args: ['lsp'], source: 'path' },
  ]);
  // an interpreter command with arguments (conda run ...) keeps them before -m
  assert.deepEqual(candidates({ interpreter: ['conda', 'run', '-n', 'prose', 'python'] })[0].args, ['run', '-n', 'prose', 'python', '-m', 'textlint', 'lsp']);
  assert.deepEqual(candidates({}), [{ command: 'textlint', args: ['lsp'], source: 'path' }]);
  assert.deepEqual(candidates({ configuredPath: ' /opt/textlint ', interpreter: ['/env/bin/python'] }), [
    { command: '/opt/textlint', args: ['lsp'], source: 'setting' },
  ]);
});

test('the workspace interpreter with textlint installed is found', { skip: python ? false : 'TEXTLINT_TEST_PYTHON is not set' }, async () => {
  const outcome = await findServer({ interpreter: [python as string] });
  assert.ok(isFound(outcome), JSON.stringify(outcome));
  assert.equal(outcome.candidate.source, 'python');
  assert.deepEqual(outcome.candidate.args, ['-m', 'textlint', 'lsp']);
  assert.match(outcome.version, /^\d+\.\d+/);
});

test("npm's textlint is never taken for this one", async () => {
  const { npmTextlint, bareInterpreter } = fakes();
  const outcome = await probe({ command: npmTextlint, args: ['lsp'], source: 'path' });
  assert.equal(typeof outcome, 'string');
  assert.match(outcome as string, /not this textlint \(its --version answered 'v14\.4\.0'/);
  // a configured path to it is refused too, and nothing else is tried behind the user's back
  const configured = await findServer({ configuredPath: npmTextlint, interpreter: [bareInterpreter] });
  assert.ok(!isFound(configured));
  assert.equal(configured.reasons.length, 1);
});

test('an interpreter without textlint falls back to PATH, and says why', async () => {
  const { bareInterpreter, npmTextlint } = fakes();
  const calls: string[] = [];
  // PATH's `textlint` is npm's here: both candidates fail, each with its reason
  const outcome = await findServer({ interpreter: [bareInterpreter] }, (command, args) => {
    calls.push([command, ...args].join(' '));
    return runProcess(command === 'textlint' ? npmTextlint : command, args);
  });
  assert.deepEqual(calls, [`${bareInterpreter} -m textlint --version`, 'textlint --version']);
  assert.ok(!isFound(outcome));
  assert.match(outcome.reasons[0], /textlint is not installed in this Python environment/);
  assert.match(outcome.reasons[1], /not this textlint/);
});

test('this textlint on PATH is found when the interpreter has none', { skip: python ? false : 'TEXTLINT_TEST_PYTHON is not set' }, async () => {
  const { folder, bareInterpreter } = fakes();
  const onPath = script(folder, 'textlint', `exec "${python}" -m textlint "$@"`);
  const outcome = await findServer({ interpreter: [bareInterpreter] }, (command, args) =>
    runProcess(command === 'textlint' ? onPath : command, args));
  assert.ok(isFound(outcome), JSON.stringify(outcome));
  assert.equal(outcome.candidate.source, 'path');
});

test('a command that does not exist is a reason, not a crash', async () => {
  const outcome = await probe({ command: '/nonexistent/textlint', args: ['lsp'], source: 'setting' });
  assert.match(outcome as string, /cannot run it \(ENOENT\)/);
});

test('the started server must name itself textlint', () => {
  assert.ok(isThisServer({ name: 'textlint', version: '0.1.0' }));
  assert.ok(!isThisServer({ name: 'textlint-js' }));
  assert.ok(!isThisServer(undefined));
});
