# diary-gateway as a container image. Two stages: `build` compiles the gateway and the family page with every
# dependency; `runtime` holds only what runs — production dependencies, the compiled code and the few files
# the gateway reads at start — so the image has no compiler, no test tools and no sources.
#
#   docker build -t diary-gateway .
#   docker compose up          # two replicas, Redis and the demo upstreams: see compose.yaml and the README
#
# test/integration/container-files.test.ts reads this file (and compose.yaml) and checks what the comments
# promise. The image was not built on the machine this was written on (it cannot pull base images).

# Debian bookworm's slim Node 20 image for both stages: Node 20 is what package.json's `engines` asks for
# (>= 20.19, Vite 8 needs it), glibc like the machines the tests run on, and no compilers or shells' extras
# in the final image. Production should pin the tag by digest (node:20-bookworm-slim@sha256:…) so a rebuild
# is the same image; the tag alone follows Node 20's patch releases.
ARG NODE_IMAGE=node:20-bookworm-slim

# ── build: compile the gateway (dist/src, dist/adapters) and the family page (dist/web) ─────────────────────
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# The lock file first, alone: the dependency layer is rebuilt only when the dependencies change.
COPY package.json package-lock.json ./
# Exactly the locked versions, dev dependencies included (TypeScript, Vite, Preact build the code).
RUN npm ci --no-audit --no-fund
# The sources (.dockerignore lets in only what the build needs). Generated code (schema types, the typed
# client and its persisted-operations manifest) is committed, so no codegen runs here.
COPY . .
RUN npm run build && npm run build:web

# ── runtime: production dependencies and the compiled output only ────────────────────────────────────────────
FROM ${NODE_IMAGE} AS runtime
# Libraries (Apollo, pino, undici) take their production paths; nothing of the gateway reads it otherwise.
ENV NODE_ENV=production
WORKDIR /app
# Production dependencies only (`--omit=dev`): test/integration/container-files.test.ts checks that no
# compiled file imports a package listed only in devDependencies. `--ignore-scripts`: no package needs an
# install script to run (the one production dependency with one, @apollo/protobufjs, only prepares its
# CLI), so no registry code runs while the image is built.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# What the gateway runs and reads at start, nothing else:
# - the compiled gateway, and the adapters and simulators it imports (the demo's simulators run from here);
COPY --from=build /app/dist/src ./dist/src
COPY --from=build /app/dist/adapters ./dist/adapters
# - the family page's build, served at `/` (found as dist/web under the working directory, /app);
COPY --from=build /app/dist/web ./dist/web
# - the GraphQL schema, read at start (src/graphql/schema.ts looks for schema/ above the compiled code);
COPY --from=build /app/schema/*.graphql ./schema/
# - the persisted-operations manifest (PERSISTED_OPERATIONS_FILE's default), read unless PERSISTED_OPERATIONS=off.
COPY --from=build /app/client/src/generated/persisted-documents.json ./client/src/generated/
# GraphiQL's files come from node_modules (graphiql, react, react-dom are production dependencies).
# The file store's folder (STORE=file, the default without REDIS_URL), writable by the user below; mount a
# volume there to keep it, or use STORE=redis for replicas as compose.yaml does.
RUN mkdir -p data && chown node:node data
# Not root: the official image's `node` user (uid 1000). Nothing above is writable by it but data/.
USER node
# Listen on every interface: a container is reached through its network, never on its loopback. The
# gateway's own default stays 127.0.0.1, so outside a container it is not exposed by accident.
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
# Liveness on /healthz (200 while the process serves), with Node itself: the slim image has no curl or wget.
# PORT is read at check time, so a container started with another PORT is checked there. Readiness
# (/readyz, 503 while Redis is unreachable) is left to the load balancer, so a Redis outage does not mark
# every replica unhealthy to an orchestrator that replaces unhealthy containers.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The gateway stops on SIGTERM (src/main.ts): it stops taking requests, lets Apollo finish, closes Redis.
# Said explicitly so a platform that sends another signal by default still stops it gracefully.
STOPSIGNAL SIGTERM
# Node as PID 1 directly, not through npm or a shell: the signal reaches the gateway itself.
CMD ["node", "dist/src/main.js"]
