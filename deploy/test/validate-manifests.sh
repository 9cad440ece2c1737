#!/bin/sh
# Validates the Kubernetes manifests in DIR (default: deploy/kubernetes) offline against the
# Kubernetes API schemas. Installs its two npm packages (package.json beside this script) with
# npm into WORK (default: target/deploy-test) the first time; needs node and npm.
#   deploy/test/validate-manifests.sh [DIR] [WORK]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dir=${1:-$root/deploy/kubernetes}
work=${2:-$root/target/deploy-test}
mkdir -p "$work"
cp "$here/package.json" "$here/validate-manifests.js" "$work/"
if [ ! -d "$work/node_modules/kubernetes-models" ] || [ ! -d "$work/node_modules/js-yaml" ]; then
    (cd "$work" && npm install --no-audit --no-fund --loglevel=error >&2)
fi
exec node "$work/validate-manifests.js" "$dir"
