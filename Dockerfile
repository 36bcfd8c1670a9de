# The API with the built web client, for docker-compose.yml and container platforms.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci && npm run build -w web --if-present
ENV NODE_ENV=production PORT=4000
EXPOSE 4000
CMD ["npm", "start", "-w", "server"]
