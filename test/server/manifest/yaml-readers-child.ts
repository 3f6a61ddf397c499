/**
 * Run by yaml-readers.test.ts in a process of its own, under `--trace-deopt --expose-gc`: parses
 * manifests through the model's parse as the server does, with full collections between rounds,
 * and names the `yaml` Lexer's own methods on a line of its own, among V8's trace.
 */
import { Lexer, Parser } from 'yaml';
import { parseYaml } from '../../../server/src/manifest/document';

const container = (i: number) => `
      - name: app-${i}
        image: registry.example/app:${i}
        env:
          - name: MODE
            value: "fast"
        livenessProbe:
          httpGet:
            path: /healthz
            port: ${8000 + i}
          periodSeconds: 10
          timeoutSeconds: ${1 + (i % 3)}
        readinessProbe:
          exec:
            command: ['/bin/check', '-ready']
          failureThreshold: 3`;
const manifest = (n: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${n}
  labels: { app: demo }
spec:
  template:
    spec:
      containers:${Array.from({ length: 6 + (n % 5) }, (_, i) => container(i)).join('')}
`;

const gc = (globalThis as { gc?: () => void }).gc!;
const texts = Array.from({ length: 20 }, (_, n) => manifest(n));
// Enough parses for V8 to optimise the parser, then rounds that each end in a full collection,
// with nothing of the parses alive but what the model's own module keeps.
for (let i = 0; i < 60; i++) for (const text of texts) parseYaml(text);
for (let round = 0; round < 4; round++) {
  for (let i = 0; i < 20; i++) for (const text of texts) parseYaml(text);
  gc();
}
const parserMethods = new Set(Object.getOwnPropertyNames(Parser.prototype));
const lexerOnly = Object.getOwnPropertyNames(Lexer.prototype).filter((name) => name !== 'constructor' && !parserMethods.has(name));
console.log(`LEXER_METHODS ${lexerOnly.join(' ')}`);
