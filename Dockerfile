# Trajectory: one image serves Telegram and/or Discord, chosen by the tokens in its environment.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# tsx runs the TypeScript directly, so the runtime needs only the production dependencies.
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY knowledge ./knowledge
COPY tsconfig.json ./
USER node
CMD ["node", "bin/trajectory.js", "start"]
