#!/usr/bin/env bash
# Brings the platform up on a cluster: a new kind cluster unless a kube context is given, then
# Argo CD (bootstrap/argocd), then the root Application (bootstrap/root), then waits until every
# Application reports Healthy. Needs kubectl, plus kind and Docker when it creates the cluster.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
cluster_name=gitops-platform
context=""
timeout=900
dry_run=false

usage() {
  cat <<'EOF'
Usage: bootstrap/up.sh [options]

Creates a kind cluster (unless --context is given), installs Argo CD and the root Application,
and waits until every Argo CD Application is Healthy.

Options:
  --context NAME    use this existing kube context instead of creating a kind cluster
  --name NAME       name of the kind cluster to create (default: gitops-platform)
  --timeout SECONDS how long to wait for the platform to become healthy (default: 900)
  --dry-run         print the commands instead of running them
  -h, --help        show this help
EOF
}

fail() {
  echo "up.sh: $1" >&2
  echo "Run bootstrap/up.sh --help for usage." >&2
  exit 2
}

# Prints the command, then runs it unless this is a dry run.
run() {
  echo "+ $*" >&2
  if [ "$dry_run" = false ]; then
    "$@"
  fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    --context | --name | --timeout)
      [ $# -ge 2 ] && [ -n "$2" ] && [ "${2#--}" = "$2" ] || fail "$1 needs a value"
      case "$1" in
        --context) context=$2 ;;
        --name) cluster_name=$2 ;;
        --timeout) timeout=$2 ;;
      esac
      shift 2
      ;;
    --dry-run) dry_run=true; shift ;;
    -h | --help) usage; exit 0 ;;
    *) fail "unknown argument '$1'" ;;
  esac
done

[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || fail "--timeout expects a whole number of seconds, found '$timeout'"
[[ "$cluster_name" =~ ^[a-z0-9]([a-z0-9-]*[a-z0-9])?$ ]] ||
  fail "--name expects a lowercase DNS label (a-z, 0-9, -), found '$cluster_name'"

needed=(kubectl)
[ -z "$context" ] && needed+=(kind docker)
if [ "$dry_run" = false ]; then
  for tool in "${needed[@]}"; do
    command -v "$tool" >/dev/null || fail "$tool is not installed (needed: ${needed[*]})"
  done
fi

if [ -z "$context" ]; then
  run kind create cluster --name "$cluster_name" --wait 120s
  context="kind-$cluster_name"
fi
kubectl=(kubectl --context "$context")

# Server-side apply: Argo CD's CRDs are larger than the annotation client-side apply writes.
echo "installing Argo CD into context $context" >&2
run "${kubectl[@]}" apply --server-side --force-conflicts -k "$repo_root/bootstrap/argocd"
run "${kubectl[@]}" -n argocd rollout status deployment/argocd-server --timeout "${timeout}s"
run "${kubectl[@]}" -n argocd rollout status deployment/argocd-repo-server --timeout "${timeout}s"

echo "applying the root Application" >&2
run "${kubectl[@]}" apply -k "$repo_root/bootstrap/root"

echo "waiting up to ${timeout}s for every Application to be Healthy" >&2
run "${kubectl[@]}" -n argocd wait application/root \
  --for=jsonpath='{.status.health.status}'=Healthy --timeout "${timeout}s"
run "${kubectl[@]}" -n argocd wait application --all \
  --for=jsonpath='{.status.health.status}'=Healthy --timeout "${timeout}s"

cat >&2 <<EOF
the platform is up. Argo CD's UI and its admin password:
  kubectl --context $context -n argocd port-forward service/argocd-server 8443:443
  kubectl --context $context -n argocd get secret argocd-initial-admin-secret \\
    -o jsonpath='{.data.password}' | base64 -d
EOF
