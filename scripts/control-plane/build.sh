#!/usr/bin/env bash
# Builds (or reuses) the binaries of the integration-test control plane:
# kube-apiserver and kube-controller-manager from the k8s.io/kubernetes Go module, and the
# etcd server from go.etcd.io/etcd/server/v3, all with the plain `go` client.
#
# Why build: these machines have no Docker and cannot download release tarballs; they reach
# only the Go module proxy, Debian's packages and npm. Debian's etcd-server (3.4.x on
# bookworm) is older than the minimum external etcd this Kubernetes release supports
# (kubeadm's MinExternalEtcdVersion is 3.5.24 for 1.37), so etcd is built here too.
#
# Binaries are cached per version in ${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-kubevirt/control-plane/,
# so only the first run pays the build (tens of minutes on 2 cores). Idempotent.
#
# Env overrides: K8S_VERSION, ETCD_VERSION, CDK8S_KUBEVIRT_CP_CACHE (cache root).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# versions.json is the single source of the versions: the Node starter reads it too.
json_field() { sed -n "s/^[[:space:]]*\"$1\": \"\([^\"]*\)\".*/\1/p" "$HERE/versions.json"; }
K8S_VERSION="${K8S_VERSION:-$(json_field kubernetes)}"
ETCD_VERSION="${ETCD_VERSION:-$(json_field etcd)}"
CACHE_ROOT="${CDK8S_KUBEVIRT_CP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cdk8s-kubevirt/control-plane}"
# One directory per (kubernetes, etcd) pair: the starter finds it through the same rule.
OUT="$CACHE_ROOT/$K8S_VERSION-etcd-$ETCD_VERSION"
BIN="$OUT/bin"
WORK="$OUT/src" # throwaway consumer modules, outside the repo

# The staging modules are published as v0.<minor>.<patch> for release v1.<minor>.<patch>.
STAGING_VERSION="v0.${K8S_VERSION#v1.}"

log() { printf '[control-plane build] %s\n' "$*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  log "go is not on PATH: cannot build the control plane"
  exit 2
fi

mkdir -p "$BIN" "$WORK"
# Two builds at once (a developer and CI, or two test runs) would write the same files:
# the second waits for the first and then reuses its binaries.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$OUT/.lock"
  flock 9
fi
# -mod=mod: the consumer modules have no vendor dir and may need go.sum updates.
export GOFLAGS="${GOFLAGS:-} -mod=mod -buildvcs=false"
export CGO_ENABLED=0 # static binaries; none of the three needs cgo
LDFLAGS_BASE="-s -w"

have() { [[ -x "$BIN/$1" ]] && "$BIN/$1" --version >/dev/null 2>&1; }

build_kubernetes() {
  local mod="$WORK/kubernetes"
  mkdir -p "$mod"
  log "downloading k8s.io/kubernetes@$K8S_VERSION (module source, no vendor dir used)"
  local gomod
  gomod="$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  [[ -f "$gomod" ]] || { log "could not download k8s.io/kubernetes@$K8S_VERSION"; exit 1; }

  # k8s.io/kubernetes requires its staging modules at v0.0.0 and replaces them with local
  # ./staging paths that a consumer does not inherit; list them from its own go.mod.
  local staging
  staging="$(sed -n 's#^[[:space:]]*\(k8s\.io/[^[:space:]]*\) => \./staging/src/.*#\1#p' "$gomod")"
  [[ -n "$staging" ]] || { log "no staging replaces found in $gomod"; exit 1; }

  local go_directive
  go_directive="$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod")"
  {
    echo "module cdk8s-kubevirt.local/control-plane-build"
    echo
    echo "go ${go_directive:-1.26.0}"
    echo
    echo "require k8s.io/kubernetes $K8S_VERSION"
    echo
    echo "replace ("
    for m in $staging; do echo "	$m => $m $STAGING_VERSION"; done
    echo ")"
  } >"$mod/go.mod"
  log "consumer module $mod/go.mod replaces $(echo "$staging" | wc -l) staging modules with $STAGING_VERSION"

  # The version stamp keeps /version truthful (otherwise it reports v0.0.0-master).
  local minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  local pkg=k8s.io/component-base/version
  local ldflags="$LDFLAGS_BASE -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  (
    cd "$mod"
    go get "k8s.io/kubernetes/cmd/kube-apiserver@$K8S_VERSION" "k8s.io/kubernetes/cmd/kube-controller-manager@$K8S_VERSION"
    for cmd in kube-apiserver kube-controller-manager; do
      if have "$cmd"; then log "reusing $BIN/$cmd"; continue; fi
      log "go build $cmd (slow on 2 cores)"
      local t0=$SECONDS
      go build -trimpath -ldflags="$ldflags" -o "$BIN/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
      mv "$BIN/$cmd.tmp" "$BIN/$cmd"
      log "built $cmd in $((SECONDS - t0))s"
    done
  )
}

build_etcd() {
  local mod="$WORK/etcd"
  mkdir -p "$mod"
  # etcd's server module replaces its sibling modules with ../ paths; its requires name
  # published versions of them, which is all a consumer needs.
  printf 'module cdk8s-kubevirt.local/etcd-build\n\ngo 1.26.0\n\nrequire go.etcd.io/etcd/server/v3 %s\n' \
    "$ETCD_VERSION" >"$mod/go.mod"
  (
    cd "$mod"
    go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    log "go build etcd $ETCD_VERSION"
    local t0=$SECONDS
    go build -trimpath -ldflags="$LDFLAGS_BASE" -o "$BIN/etcd.tmp" go.etcd.io/etcd/server/v3
    mv "$BIN/etcd.tmp" "$BIN/etcd"
    log "built etcd in $((SECONDS - t0))s"
  )
}

start=$SECONDS
if have kube-apiserver && have kube-controller-manager; then
  log "reusing $BIN/kube-apiserver and $BIN/kube-controller-manager ($K8S_VERSION)"
else
  build_kubernetes
fi
if have etcd; then
  log "reusing $BIN/etcd ($ETCD_VERSION)"
else
  build_etcd
fi

log "binaries ready in $BIN ($((SECONDS - start))s)"
echo "$BIN"
