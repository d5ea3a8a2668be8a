# Multi-stage: compile with dev dependencies, run with production ones only.
#   docker build -t cronofy-batch-graphql .
#   docker run --rm -p 4000:4000 --env-file .env cronofy-batch-graphql

# Node.js 24 (LTS) in both stages: the line .ci/run tests after the machine's own Node.js.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependencies only: `prepare` would build before src/ is here. This layer stays cached while
# only sources change; the build is the step below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-slim
ENV NODE_ENV=production
# Inside a container the loopback default would serve nobody: listen on every interface.
ENV HOST=0.0.0.0
ENV PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
# No scripts: `prepare` would build again without the compiler. The one production dependency
# with an install script, @apollo/protobufjs, only checks version ranges and makes an empty folder there.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
USER node
EXPOSE 4000
# Liveness only: /ready also depends on Cronofy, and a container should not be restarted for that.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
