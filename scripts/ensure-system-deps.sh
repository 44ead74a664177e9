#!/usr/bin/env bash
# Installs the Debian packages the test suites use, when they are missing.
# Real peers, no mocks: RabbitMQ for differential tests, the C AMQP client tools and pika
# as foreign clients, pytest and Go (amqp091-go) for the acklab test samples and amqp091-go's own integration
# suite (built offline), iproute2 for the private network namespace the client suites run in, Chromium for UI
# tests, headers and a C++ toolchain for code-server's native modules.
set -euo pipefail
pkgs=(rabbitmq-server amqp-tools python3-pika python3-pytest golang golang-github-rabbitmq-amqp091-go-dev iproute2 chromium ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev fonts-dejavu-core build-essential python3)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing Debian packages: ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
