# crier: one image for `crier start`, `crier serve` and `crier work`.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Everything, dev dependencies included: the build needs TypeScript (`prepare` runs it after install).
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm ci --no-audit --no-fund

FROM node:22-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# Runtime dependencies only. --ignore-scripts skips `prepare` (the build comes from the first stage);
# sharp needs no script of its own, its prebuilt libvips comes as an optional dependency.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY --from=build /app/dist ./dist
COPY templates ./templates
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# V8 flags: see the first lines of src/cli.ts.
ENTRYPOINT ["node", "--max-semi-space-size=1", "--heap-growing-percent=50", "dist/cli.js"]
CMD ["start"]
