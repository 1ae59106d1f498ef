import path from 'node:path';

/**
 * The import rules of DESIGN.md as one ESLint rule: imports flow domain → contracts →
 * lib/shared → features → app; the server may import only domain, contracts and the status page's
 * templates (src/status-page); features never
 * import each other; the domain imports no package but the date libraries and the markdown parser and differ. Relative imports are
 * resolved against the importing file, so `./app` inside src/server is the server's own app.ts.
 */
const ALLOWED = {
  domain: ['domain'],
  contracts: ['domain', 'contracts'],
  server: ['domain', 'contracts', 'status-page', 'server'],
  // The public status page's server-rendered templates: pure functions of public data.
  'status-page': ['domain', 'contracts', 'status-page'],
  lib: ['domain', 'contracts', 'lib'],
  shared: ['domain', 'contracts', 'lib', 'shared'],
  feature: ['domain', 'contracts', 'lib', 'shared'],
  app: ['domain', 'contracts', 'lib', 'shared', 'feature', 'app'],
  testing: ['domain', 'contracts', 'lib', 'shared', 'feature', 'app', 'testing'],
};

// The markdown parser (the same one react-markdown runs) and the line differ are pure: the runbook
// rules read a document's structure with them, identically on the server and in the browser.
const DOMAIN_PACKAGES = new Set(['date-fns', 'date-fns-tz', 'fast-check', 'vitest', 'mdast', 'mdast-util-from-markdown', 'mdast-util-gfm', 'micromark-extension-gfm', 'diff']);

function layerOf(file, srcRoot) {
  const relative = path.relative(srcRoot, file).split(path.sep);
  if (relative[0] === '..' || relative.length === 0) return undefined;
  const [top, second] = relative;
  if (top === 'features') return { layer: 'feature', feature: second };
  if (top === 'main.tsx') return { layer: 'app' };
  if (top in ALLOWED) return { layer: top };
  return undefined;
}

export const layersPlugin = {
  rules: {
    'imports-flow-one-way': {
      meta: { type: 'problem', schema: [], messages: { forbidden: '{{from}} must not import {{to}} ({{spec}}): see the layout rules in DESIGN.md' } },
      create(context) {
        const file = context.filename;
        const srcRoot = path.resolve(context.cwd, 'src');
        const from = layerOf(file, srcRoot);
        if (!from) return {};
        // A test may use the shared test utilities (msw handlers, render helpers) of src/testing.
        const isTest = /\.test\.tsx?$/.test(file);
        const check = (node, spec) => {
          if (typeof spec !== 'string') return;
          if (!spec.startsWith('.')) {
            if (from.layer === 'domain') {
              const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
              if (!DOMAIN_PACKAGES.has(name)) context.report({ node, messageId: 'forbidden', data: { from: 'domain', to: `package ${name}`, spec } });
            }
            return;
          }
          const to = layerOf(path.resolve(path.dirname(file), spec), srcRoot);
          if (!to) return;
          const sameFeature = from.layer === 'feature' && to.layer === 'feature' && from.feature === to.feature;
          if (sameFeature || ALLOWED[from.layer].includes(to.layer)) return;
          if (isTest && to.layer === 'testing' && from.layer !== 'server') return;
          const name = (l) => (l.layer === 'feature' ? `features/${l.feature}` : l.layer);
          context.report({ node, messageId: 'forbidden', data: { from: name(from), to: name(to), spec } });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};
