// Lint Cypher statements with Neo4j's own Cypher 5 front end (parser and semantic
// analysis from @neo4j-cypher/language-support), without a Neo4j server.
//
// stdin: one JSON object
//   {"schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...],
//               "graphSchema": [{"from", "relType", "to"}, ...]},
//    "statements": [{"name": "...", "text": "...", "parameters": {"name": value}}, ...]}
// stdout: a JSON list of diagnostics, one per problem found, in statement order:
//   [{"name", "severity": "error"|"warning"|"information"|"hint", "message", "line",
//     "column", "deprecated": bool}, ...]   (line and column are 1-based)
//
// Functions and procedures are the built-in ones of Neo4j 5 (the package's record of
// a Neo4j 5 server's SHOW FUNCTIONS / SHOW PROCEDURES, less the APOC and GDS plugins),
// so a function Neo4j lacks, or one only the local server has, is an error.
// The semantic analysis takes ~50 ms a statement, so the statements are shared out
// among worker threads, one per core (at most 4).
// tests/test_cypher_lint.py runs this once for every statement graphtool sends.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const VERSION = 'CYPHER 5';
const PLUGINS = /^(apoc|gds)\./;
// LSP severities.
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

function builtIns(registry, keep) {
  return Object.fromEntries(Object.entries(registry[VERSION]).filter(([name, v]) => keep(name, v)));
}

function lintAll(schema, statements) {
  const base = {
    ...schema,
    defaultLanguage: VERSION,
    functions: { [VERSION]: builtIns(testData.mockSchema.functions, (n, f) => f.isBuiltIn && !PLUGINS.test(n)) },
    procedures: { [VERSION]: builtIns(testData.mockSchema.procedures, (n) => !PLUGINS.test(n)) },
  };
  const out = [];
  for (const { name, text, parameters } of statements) {
    // Console commands (:param, :use ...) are a cypher-shell/Browser feature, not Cypher.
    const { diagnostics } = lintCypherQuery(text, { ...base, parameters: parameters ?? {} },
      { consoleCommandsEnabled: false });
    for (const d of diagnostics) {
      out.push({
        name,
        severity: SEVERITY[d.severity] ?? 'information',
        message: d.message,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        deprecated: (d.tags ?? []).includes(2) || /deprecated|no longer supported/i.test(d.message),
      });
    }
  }
  return out;
}

function runWorker(schema, statements) {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { schema, statements } });
    w.once('message', resolve);
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`lint worker exited with ${code}`)));
  });
}

if (isMainThread) {
  const { schema, statements } = JSON.parse(readFileSync(0, 'utf8'));
  const n = Math.max(1, Math.min(4, availableParallelism(), Math.ceil(statements.length / 20)));
  // Interleaved shares, so each worker gets a mix of long and short statements.
  const shares = Array.from({ length: n }, (_, k) => statements.filter((_, i) => i % n === k));
  const results = await Promise.all(shares.map((share) => runWorker(schema, share)));
  const order = new Map(statements.map((s, i) => [s.name, i]));
  const all = results.flat().sort((a, b) => order.get(a.name) - order.get(b.name));
  process.stdout.write(JSON.stringify(all) + '\n');
} else {
  parentPort.postMessage(lintAll(workerData.schema, workerData.statements));
}
