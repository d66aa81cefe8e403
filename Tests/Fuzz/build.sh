#!/usr/bin/env bash
# Builds the coverage-guided fuzz targets with libFuzzer and AddressSanitizer (swiftc -sanitize=fuzzer,address):
# the engine and JSON-RPC modules are compiled from Sources/ with coverage instrumentation, then each target's
# harness (Tests/Fuzz/<target>/Harness.swift, which defines LLVMFuzzerTestOneInput) is linked against them.
# Output: .build/fuzz/<target>. Usage: bash Tests/Fuzz/build.sh [target...]  (default: every target)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.build/fuzz"
modules="$out/modules"
mkdir -p "$modules"
flags=(-O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -package-name echolens -I "$modules")

# build_module NAME "DEPENDENCIES" FILES...: one module, whole-module, as an object file and a .swiftmodule; it is
# compiled again when one of its files or one of the modules it depends on is newer. Extra compiler flags for the
# module, as Package.swift gives them, come in the array module_flags.
module_flags=()
build_module() {
  local name="$1"
  local dependencies=()
  for dependency in $2; do dependencies+=("$modules/$dependency.o"); done
  shift 2
  local newest
  newest="$(ls -t "$@" ${dependencies[@]+"${dependencies[@]}"} | head -1)"
  if [ -f "$modules/$name.o" ] && [ "$modules/$name.o" -nt "$newest" ] && [ "$modules/$name.o" -nt "$0" ]; then
    return
  fi
  echo "fuzz: compiling $name"
  swiftc "${flags[@]}" ${module_flags[@]+"${module_flags[@]}"} -module-name "$name" -wmo -emit-module -emit-module-path "$modules/$name.swiftmodule" \
    -c "$@" -o "$modules/$name.o"
}

# Matching reads its identity list through SwiftPM's Bundle.module; outside SwiftPM the list is read from Sources.
bundle="import Foundation
extension Foundation.Bundle {
  static let module: Bundle = Bundle(path: \"$root/Sources/Matching/Resources\") ?? Bundle.main
}"
if [ ! -f "$modules/MatchingBundle.swift" ] || [ "$(cat "$modules/MatchingBundle.swift")" != "$bundle" ]; then
  printf '%s\n' "$bundle" >"$modules/MatchingBundle.swift"
fi

build_module SystemCalls "" "$root"/Sources/SystemCalls/*.swift
# The SHA instructions' module gets the flags Package.swift gives it (x86-64 only).
if [ "$(uname -m)" = x86_64 ]; then module_flags=(-Xcc -msha -Xcc -mssse3); fi
build_module SHAExtensions "" "$root"/Sources/SHAExtensions/*.swift
module_flags=()
build_module TextProcessing "SystemCalls SHAExtensions" "$root"/Sources/TextProcessing/*.swift
build_module ReferenceIndex "SystemCalls TextProcessing" "$root"/Sources/ReferenceIndex/*.swift
build_module Matching "SystemCalls TextProcessing ReferenceIndex" "$root"/Sources/Matching/*.swift \
  "$modules/MatchingBundle.swift"
build_module JSONRPC "SystemCalls" "$root"/Sources/JSONRPC/*.swift
build_module Evidence "SystemCalls TextProcessing ReferenceIndex Matching" "$root"/Sources/Evidence/*.swift

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=()
  for dir in "$root"/Tests/Fuzz/*/; do targets+=("$(basename "$dir")"); done
fi
for target in "${targets[@]}"; do
  echo "fuzz: linking $target"
  extra=()
  if [ -f "$root/Tests/Fuzz/$target/extra-sources" ]; then
    while read -r file; do extra+=("$root/$file"); done <"$root/Tests/Fuzz/$target/extra-sources"
  fi
  swiftc "${flags[@]}" -module-name "Fuzz_${target//-/_}" "$root/Tests/Fuzz/$target"/*.swift "${extra[@]}" \
    "$modules"/SystemCalls.o "$modules"/SHAExtensions.o "$modules"/TextProcessing.o "$modules"/ReferenceIndex.o "$modules"/Matching.o "$modules"/JSONRPC.o \
    "$modules"/Evidence.o \
    -o "$out/$target" 2> >(grep -v "Cannot export local symbol" >&2)
done
