// ESLint for Chainrule: typescript-eslint with type information, React's hook rules and Next's rules.
// Formatting is Prettier's job (eslint-config-prettier turns off the rules that would disagree).
// Every rule turned off or down below says why.
import nextPlugin from "@next/eslint-plugin-next";
import prettier from "eslint-config-prettier";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      "tests/e2e/artifacts/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "**/*.js",
      "**/*.mjs",
      "**/*.cjs",
      "**/*.mts",
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // React ignores what an event handler returns, so an async onSubmit/onClick is fine there; every
      // such handler here awaits a server action inside try/catch and shows its failure. Promises passed
      // anywhere else (a callback that expects void, a condition) are still errors.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // Next requires every server action to be an async function, even one that awaits nothing, and
      // test doubles of async APIs keep their signature. A forgotten await that matters is caught by
      // no-floating-promises and no-misused-promises, which stay on.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // Tests read JSON on purpose (CLI output, eval JSON, stored results, fixtures) and then assert its
    // shape with expect(); typing every such read would only restate the assertions.
    files: ["tests/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
  {
    // One import style outside the core: by "@/…" path, never "../" (the core folders import each other
    // relatively, and dependency-cruiser checks their direction).
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}"],
    ignores: ["lib/autograd/**", "lib/graph-lang/**", "lib/grading/**", "lib/problems/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["../*"], message: 'Outside the core folders, import by its "@/…" path.' }] }],
    },
  },
  {
    files: ["app/**/*.tsx", "app/**/*.ts", "lib/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
    },
  },
  prettier,
);
