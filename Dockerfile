# syntax=docker/dockerfile:1
# Multi-stage build: compile and install in a full image, run the compiled server as a non-root user.
# The SQLite database lives on the /data volume.

FROM node:22-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The teacher page: built into dist/web by `npm run build` (esbuild), served at /app/.
COPY web ./web
COPY scripts/build-web.ts ./scripts/build-web.ts
# node-llama-cpp ships prebuilt llama.cpp binaries for every platform and GPU kind (CUDA alone is
# over 500 MB); this image runs on CPU, so only the CPU builds are kept. For a GPU image, keep the
# matching @node-llama-cpp/* package and set LLAMACPP_GPU.
RUN npm run build && npm prune --omit=dev \
  && rm -rf node_modules/@node-llama-cpp/*cuda* node_modules/@node-llama-cpp/*vulkan* \
     node_modules/@node-llama-cpp/win-* node_modules/@node-llama-cpp/mac-*

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/data/grader.db
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY package.json ./
COPY prompts ./prompts
COPY rubrics ./rubrics
RUN mkdir -p /data && chown node:node /data
# The application files stay owned by root: the service can write only its database.
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness only: /readyz (database and provider) is for load balancers and orchestrators, which should
# stop sending traffic, not restart the container, when the provider is down.
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# HOST=0.0.0.0 requires GRADER_API_KEYS: the server refuses to start without them.
CMD ["node", "dist/src/main.js"]
