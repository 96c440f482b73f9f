"""A real OpenID provider for the company-login tests: node-oidc-provider (tests/oidc/provider.mjs),
installed from package-lock.json by ``npm ci`` into tests/oidc/node_modules (gitignored) the
first time a test needs it, and started on a free port for the session."""
