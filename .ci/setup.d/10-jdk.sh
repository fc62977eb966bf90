#!/usr/bin/env bash
# A JDK 17+ is all the build needs; the Maven Wrapper fetches Maven itself.
set -euo pipefail
if ! command -v javac >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless >/dev/null
fi
javac -version
