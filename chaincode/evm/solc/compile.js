// Compiles every contract under the given source directory with the pinned solc-js, into
// <out>/<Contract>.abi and <out>/<Contract>.bin, and, for a contract that calls an external
// library, <out>/<Contract>.links: {"<Library>": "<placeholder in the .bin>"}, which a deployer
// replaces with the library's address. Any warning fails the build, as an error does.
//   node compile.js <source dir> <output dir>
'use strict';
const fs = require('fs');
const path = require('path');
const solc = require('solc');

const [source, out] = process.argv.slice(2);
if (!source || !out) {
  console.error('usage: node compile.js <source dir> <output dir>');
  process.exit(2);
}
const sources = {};
for (const name of fs.readdirSync(source).filter((f) => f.endsWith('.sol')).sort()) {
  sources[name] = { content: fs.readFileSync(path.join(source, name), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    // Clique (proof of authority) chains stop at the London/Paris rules: no PUSH0 (Shanghai)
    evmVersion: 'paris',
    optimizer: { enabled: true, runs: 200 },
    viaIR: true,
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.bytecode.linkReferences'] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const problems = (output.errors || []).filter((e) => e.severity !== 'info');
for (const p of problems) console.error(p.formattedMessage || p.message);
if (problems.length > 0) {
  console.error(`solc ${solc.version()}: ${problems.length} error(s) or warning(s); warnings fail the build`);
  process.exit(1);
}
fs.mkdirSync(out, { recursive: true });
let count = 0;
for (const [file, contracts] of Object.entries(output.contracts || {})) {
  for (const [name, c] of Object.entries(contracts)) {
    if (!c.evm.bytecode.object) continue; // an interface or abstract contract
    fs.writeFileSync(path.join(out, `${name}.abi`), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(out, `${name}.bin`), c.evm.bytecode.object);
    const links = {};
    for (const libraries of Object.values(c.evm.bytecode.linkReferences || {})) {
      for (const [library, [at]] of Object.entries(libraries)) {
        links[library] = c.evm.bytecode.object.substr(at.start * 2, at.length * 2);
      }
    }
    if (Object.keys(links).length > 0) {
      fs.writeFileSync(path.join(out, `${name}.links`), JSON.stringify(links));
    }
    count++;
  }
}
console.log(`solc ${solc.version()}: ${count} contract(s) from ${Object.keys(sources).length} file(s) into ${out}`);
