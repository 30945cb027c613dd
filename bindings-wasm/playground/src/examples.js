// Dockerfiles to start from. Each shows a typical way real files go wrong.
export const examples = [
  {
    id: 'python',
    title: 'Python web app (bloated)',
    source: `# A Flask service the way many first Dockerfiles look: it works,
# but the image is large, runs as root and leaks a token.
FROM python:3.12

MAINTAINER dev@example.com

ENV API_TOKEN=s3cr3t-t0ken
WORKDIR /app

RUN apt-get update
RUN apt-get install -y build-essential libpq-dev curl git
RUN pip install flask gunicorn psycopg2

ADD . /app
RUN cd /app && pip install -r requirements.txt

EXPOSE 22 8000
CMD gunicorn --bind 0.0.0.0:8000 app:server
`,
  },
  {
    id: 'node',
    title: 'Node.js app',
    source: `FROM node:latest

WORKDIR /usr/src/app
COPY . .
RUN npm install

RUN apt-get update && apt-get install -y curl
RUN curl -fsSL https://example.com/install.sh | sh

ENV NODE_ENV production
EXPOSE 3000
USER root
CMD npm start
`,
  },
  {
    id: 'go',
    title: 'Go multi-stage build',
    source: `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22

FROM golang:\${GO_VERSION}-bookworm AS Build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server ./cmd/server

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/server /server
COPY --from=builder /etc/ssl/certs /etc/ssl/certs
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/server"]
`,
  },
  {
    id: 'heredoc',
    title: 'BuildKit heredocs and cache mounts',
    source: `# syntax=docker/dockerfile:1.7
FROM debian:bookworm-slim

RUN --mount=type=cache,target=/var/cache/apt <<EOF
apt-get update
apt-get install curl ca-certificates
EOF

COPY <<-"CONF" /etc/app/app.conf
	listen = 8080
	log = stdout
	CONF

RUN <<EOF bash
set -eux
curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
EOF

WORKDIR opt/app
CMD ["/opt/app/run"]
`,
  },
  {
    id: 'errors',
    title: 'Syntax errors (and recovery)',
    source: `FROM alpine:3.20
RUNN apk add --no-cache curl
COPY --from= /src /dst
EXPOSE 80/tcpx
HEALTHCHECK --interval=30s
USER app
CMD ["./app"
`,
  },
];
