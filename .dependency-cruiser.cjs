/**
 * The layers of Chainrule, checked on every import (`npm run lint:deps`).
 *
 *   lib/autograd ← lib/graph-lang ← lib/grading ← lib/problems   (the core: pure TypeScript)
 *     ← feature folders (every other lib/*: data access, authoring, review, cli, …)
 *       ← app/, proxy.ts, instrumentation.ts                      (Next.js)
 *
 * An arrow points from the importer to what it may import. The core runs the same in the server, the
 * command line, the workers and the tests, so it knows nothing of Next, React, Prisma or the
 * database; pages and route handlers ask lib/ loaders for view objects and never hold a database
 * client themselves.
 *
 * Type-only imports count (tsPreCompilationDeps): a type that points the wrong way couples the
 * layers just as much as a value does.
 */

/** The core folders, lowest first; each may import itself and the ones before it. */
const CORE = ["autograd", "graph-lang", "grading", "problems"];
const core = `^lib/(${CORE.join("|")})/`;
const below = (i) => `^lib/(${CORE.slice(0, i + 1).join("|")})/`;

/** Framework and database code: never in the core (reported by its own rule, not again by the others). */
const FRAMEWORK = "^(node_modules/(next|react|react-dom|next-auth|next-intl|@prisma/[^/]+|prisma|better-sqlite3|server-only)/|lib/(db|generated)/)";

/** The npm packages each core folder uses today; each folder lists all of its own (nothing is inherited from below). */
const PACKAGES = {
  autograd: [],
  "graph-lang": [],
  grading: ["zod"],
  // Problem files are YAML with markdown statements; math is typeset on the server with KaTeX;
  // the problem bank is read from disk and variants are seeded with node:crypto.
  problems: ["zod", "yaml", "markdown-it", "katex", "@vscode/markdown-it-katex"],
};
const NODE_BUILTINS = { autograd: false, "graph-lang": false, grading: false, problems: true };

const npmPath = (names) => (names.length ? [`^node_modules/(${names.map((n) => n.replace(/[/.]/g, "\\$&")).join("|")})/`] : []);

/** One rule per core folder: which other lib/ and app/ code it may import. */
const coreArrows = CORE.map((name, i) => ({
  name: `${name}-imports-only-lower-core`,
  comment:
    i === 0
      ? "lib/autograd is the engine at the bottom of the stack: it imports only itself."
      : `lib/${name} builds on ${CORE.slice(0, i)
          .map((n) => `lib/${n}`)
          .join(", ")} and nothing else in the app: ` +
        "feature folders and app/ import the core, never the other way round. Move the shared piece down into the core.",
  severity: "error",
  from: { path: `^lib/${name}/` },
  to: { path: "^(lib|app)/|^(proxy|instrumentation)\\.ts$", pathNot: [below(i), "^lib/(db|generated)/"] },
}));

/** One rule per core folder: which npm packages (and Node built-ins) it may use. */
const corePackages = CORE.map((name) => ({
  name: `${name}-uses-only-its-packages`,
  comment:
    `lib/${name} may use only ${PACKAGES[name].length ? PACKAGES[name].join(", ") : "no npm package"}` +
    `${NODE_BUILTINS[name] ? " and Node built-ins" : ""}: the core must run anywhere (server, CLI, workers, tests). ` +
    "Adding a package here is a design decision: add it to PACKAGES in .dependency-cruiser.cjs with the reason.",
  severity: "error",
  from: { path: `^lib/${name}/` },
  to: {
    dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-bundled", "npm-no-pkg", "npm-unknown", "core", "unknown", "undetermined"],
    ...(NODE_BUILTINS[name] ? { dependencyTypesNot: ["core"] } : {}),
    pathNot: [...npmPath(PACKAGES[name]), FRAMEWORK],
  },
}));

module.exports = {
  forbidden: [
    ...coreArrows,
    ...corePackages,
    {
      name: "core-has-no-framework-or-database",
      comment:
        "The core (autograd, graph-lang, grading, problems) imports no Next, React, Prisma, next-auth or lib/db: " +
        "it is pure computation. Database access belongs in a feature folder that calls the core.",
      severity: "error",
      from: { path: core },
      to: { path: FRAMEWORK },
    },
    {
      name: "lib-never-imports-app",
      comment: "app/ (and proxy.ts, instrumentation.ts) is the top layer: lib/ code must not import it. Move the shared piece into lib/.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app/|(proxy|instrumentation)\\.ts$)" },
    },
    {
      name: "app-holds-no-database-client",
      comment:
        "Pages, server actions and route handlers call lib/ loaders that check access (lib/authz.ts) and return view objects; " +
        "they never import lib/db or the Prisma client themselves (Next.js data-security guide: a data-access layer).",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^(lib/(db|generated)/|node_modules/(@prisma/[^/]+|prisma|better-sqlite3)/)" },
    },
    {
      name: "no-circular",
      comment: "Import cycles make load order matter and hide which module owns what: break the cycle by moving the shared piece into its own module.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-circular-between-folders",
      comment:
        "lib/ folders depend on each other one way too (lib/courses may use lib/validations, or the reverse, not both): " +
        "a two-way arrow between folders means a piece sits in the wrong one.",
      severity: "error",
      scope: "folder",
      from: { path: "^lib/" },
      to: { circular: true },
    },
    // One import style outside the core: another folder is imported as @/lib/... or @/app/..., never
    // with ../, so files can move without rewriting their neighbours' paths. Relative imports stay
    // fine within a folder, and inside the core, which is self-contained. (dependency-cruiser puts
    // a path matched in `from` into `to` unescaped, so app/'s "(staff)" and "[courseId]" folders
    // cannot be matched that way; there the rule catches "../" by its ancestor test, and the
    // _components subfolders by name.)
    {
      name: "relative-import-leaves-feature-folder",
      comment: "A lib/ feature folder imports another lib/ folder as @/lib/<folder>/..., not with ../.",
      severity: "error",
      from: { path: "^lib/([^/]+)/", pathNot: core },
      to: { dependencyTypes: ["local"], dependencyTypesNot: ["aliased"], pathNot: "^lib/$1/" },
    },
    {
      name: "relative-import-leaves-component-folder",
      comment: "An app/_components subfolder imports another one as @/app/_components/..., not with ../.",
      severity: "error",
      from: { path: "^app/_components/([^/]+)/" },
      to: { dependencyTypes: ["local"], dependencyTypesNot: ["aliased"], pathNot: "^app/_components/$1/", ancestor: false },
    },
    {
      name: "relative-import-from-app-into-lib",
      comment: "app/ imports lib/ as @/lib/..., never with ../.",
      severity: "error",
      from: { path: "^app/" },
      to: { path: "^lib/", dependencyTypes: ["local"], dependencyTypesNot: ["aliased"] },
    },
    {
      name: "relative-import-goes-up",
      comment: "Outside the core, a module in a parent folder is imported as @/lib/... or @/app/..., not with ../.",
      severity: "error",
      from: { path: "^(app|lib)/", pathNot: core },
      to: { dependencyTypes: ["local"], dependencyTypesNot: ["aliased"], ancestor: true },
    },
    {
      name: "no-unresolvable-import",
      comment: "An import that cannot be resolved is a typo or a missing package.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Read the database client and the bundled packages as black boxes: only the arrows into them matter.
    doNotFollow: { path: ["node_modules", "^lib/generated/"] },
    exclude: { path: ["^\\.next/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".d.ts", ".js", ".mjs", ".cjs", ".json"],
    },
    cache: false,
  },
};
