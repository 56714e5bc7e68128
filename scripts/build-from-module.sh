# shellcheck shell=bash
# Sourced by the scripts that build a tool from its Go module through the module proxy (terraform-157.sh, tofu.sh,
# alicloud-provider.sh), because release archives and registries are not reachable where this project is built.
#
# build_from_module MODULE VERSION PACKAGE OUTPUT [GO BUILD FLAGS...]
# downloads MODULE@vVERSION, builds PACKAGE (relative to the module's root, such as . or ./cmd/tofu) into OUTPUT
# with the module's own go.mod, and leaves nothing else behind. The module cache is read-only, so the build runs in
# a writable copy; GOFLAGS from the caller must not interfere. OUTPUT appears only once the build has succeeded.
build_from_module() {
	local module=$1 version=$2 package=$3 output=$4
	shift 4
	local json dir src
	# go mod download -json reports a refused or unknown version on stdout, in its Error field.
	if ! json=$(go mod download -json "$module@v$version"); then
		echo "go mod download $module@v$version failed: $(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Error": "\(.*\)",*$/\1/p')" >&2
		return 1
	fi
	dir=$(printf '%s\n' "$json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -n "$dir" ] && [ -d "$dir" ] || { echo "go mod download of $module v$version gave no directory" >&2; return 1; }
	src=$(mktemp -d "${TMPDIR:-/tmp}/module-src.XXXXXX")
	# shellcheck disable=SC2064 # the path is fixed now, on purpose
	trap "chmod -R u+w '$src' 2>/dev/null; rm -rf '$src'" EXIT
	cp -R "$dir/." "$src/"
	chmod -R u+w "$src"
	mkdir -p "$(dirname "$output")"
	(cd "$src" && GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath "$@" -o "$output.tmp" "$package")
	mv "$output.tmp" "$output"
}
