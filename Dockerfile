# Trajectory: one image serves Telegram and/or Discord, chosen by the tokens in its environment.

# Stage 1: production dependencies only (tsx runs the TypeScript, so there is no build step).
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# Stage 2: the runtime image: no npm cache, no dev dependencies, not root.
# Compiles src/ to dist/ (tsc is a dev dependency) and saves the validated knowledge snapshot,
# so the image starts from plain JavaScript instead of transpiling through tsx at every start.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY knowledge ./knowledge
RUN npm ci --ignore-scripts && node bin/build.js

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HTTP_PORT=9464
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json tsconfig.json ./
COPY --chown=node:node bin ./bin
COPY --chown=node:node src ./src
COPY --chown=node:node knowledge ./knowledge
# Copied after src/ so the build is newer than every source file and bin/ runs it.
COPY --from=build --chown=node:node /app/dist ./dist
USER node
# /healthz, /readyz and /metrics (and the Telegram webhook when TELEGRAM_WEBHOOK_PORT matches).
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the orderly shutdown; it finishes within 15 s (see docker-compose.yml).
STOPSIGNAL SIGTERM
CMD ["node", "bin/trajectory.js", "start"]
