#!/usr/bin/env bash
# Install the system packages diplograph's tests need (Debian), skipping what is already there.
# Java runs HermiT through owlready2; Chromium runs the browser tests (Playwright drives it, and
# never downloads a browser of its own); Virtuoso is a SPARQL server the store tests start; nginx and
# Apache serve the published site with its generated rewrite rules in the publication tests.
set -euo pipefail

need=()
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
[ -x /usr/bin/chromium ] || need+=(chromium)
{ command -v nginx || [ -x /usr/sbin/nginx ]; } >/dev/null 2>&1 || need+=(nginx)
{ command -v apache2 || [ -x /usr/sbin/apache2 ]; } >/dev/null 2>&1 || need+=(apache2)
# OpenLink Virtuoso: a real SPARQL server for the store tests (the tests start their own instance).
{ command -v virtuoso-t && command -v isql-vt && [ -f /etc/virtuoso-opensource-7/virtuoso.ini ]; } >/dev/null 2>&1 \
  || need+=(virtuoso-opensource)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
