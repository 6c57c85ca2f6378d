// Lint configuration: typescript-eslint's recommended rules plus the house rules that a
// linter can check (DESIGN §7): type-only imports, no stray any, no wall-clock time in the
// time-injected domains (ruleset, execd, dispatch).
import tseslint from "typescript-eslint";

const injectedTime = {
  "no-restricted-syntax": [
    "error",
    {
      selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
      message: "Time is injected here: use the Clock (src/core/clock.ts), not Date.now().",
    },
    {
      selector: "CallExpression[callee.name='setTimeout']",
      message: "Time is injected here: use clock.setTimeout, not a bare setTimeout.",
    },
  ],
};

export default tseslint.config(
  { ignores: ["node_modules/**", "var/**", ".riposte-home/**", "test-artifacts/**", "bench/out/**", "src/web/static/vendor/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "error",
      "no-empty": ["error", { allowEmptyCatch: false }],
      eqeqeq: ["error", "always", { null: "ignore" }],
    },
  },
  {
    files: ["src/ruleset/**/*.ts", "src/agent/execd/**/*.ts", "src/manager/dispatch/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: injectedTime,
  },
);
