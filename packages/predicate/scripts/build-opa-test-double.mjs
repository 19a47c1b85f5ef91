// Rebuilds the OPA-ABI test double (src/rego/testdata/opa-abi-test-double.wasm) from its WAT
// source with the wabt npm package. Both files are committed; tests load the .wasm.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import initWabt from 'wabt';

const dir = fileURLToPath(new URL('../src/rego/testdata/', import.meta.url));
const wabt = await initWabt();
const source = await readFile(dir + 'opa-abi-test-double.wat', 'utf8');
const module = wabt.parseWat('opa-abi-test-double.wat', source);
module.validate();
const { buffer } = module.toBinary({ log: false });
await writeFile(dir + 'opa-abi-test-double.wasm', buffer);
console.log(`wrote ${buffer.length} bytes to ${dir}opa-abi-test-double.wasm`);
