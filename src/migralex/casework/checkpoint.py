"""Signed checkpoints of the audit chain (ed25519), kept outside the database.

The hash chain detects an edited, deleted or reordered entry, but someone who can write the database can
rewrite the chain from any point and recompute every hash and the head. A checkpoint fixes the head at a
moment, ``{"seq", "hash", "at"}``, signed with an ed25519 key kept *outside* the database (a file named by
``MIGRALEX_AUDIT_KEY``); stored elsewhere (printed, mailed, written to ``MIGRALEX_AUDIT_CHECKPOINT_DIR``),
it later proves that the chain still extends it: entry ``seq`` still has that hash and the chain from there
on verifies. Entries written after the newest checkpoint are protected by the chain only, until the next.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.orm import Session

from migralex.casework import audit
from migralex.casework.models import AuditEntry, AuditHead

KEY_ENV = "MIGRALEX_AUDIT_KEY"
DIR_ENV = "MIGRALEX_AUDIT_CHECKPOINT_DIR"
EVERY_ENV = "MIGRALEX_AUDIT_CHECKPOINT_SECONDS"


class CheckpointError(Exception):
    """A checkpoint that is malformed, wrongly signed, or that the chain no longer extends."""


@dataclass(frozen=True)
class Checkpoint:
    """The audit head at a moment, with an ed25519 signature over ``seq``, ``hash`` and ``at``."""

    seq: int
    hash: str
    at: str
    public_key: str
    signature: str

    def message(self) -> bytes:
        """The signed bytes."""
        return audit.canonical({"seq": self.seq, "hash": self.hash, "at": self.at}).encode()

    def to_json(self) -> str:
        """The checkpoint as a JSON document."""
        return json.dumps(asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        """Read a checkpoint written by :meth:`to_json`."""
        try:
            data = json.loads(text)
            return cls(
                int(data["seq"]),
                str(data["hash"]),
                str(data["at"]),
                str(data["public_key"]),
                str(data["signature"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise CheckpointError(f"not a checkpoint file: {exc}") from None


def generate_key(path: Path) -> str:
    """Write a new ed25519 private key (PEM, mode 0600) to ``path``; return the public key (hex)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return public_hex(key.public_key())


def load_key(path: Path) -> Ed25519PrivateKey:
    """The private key in ``path``."""
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} is not an ed25519 private key")
    return key


def public_hex(key: Ed25519PublicKey) -> str:
    """The raw public key as hex."""
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def make(session: Session, key: Ed25519PrivateKey) -> Checkpoint:
    """Sign the current audit head."""
    head = session.get(AuditHead, 1)
    if head is None:
        raise CheckpointError("the audit head row is missing")
    at = datetime.now(UTC).isoformat(timespec="seconds")
    unsigned = Checkpoint(head.seq, head.hash, at, public_hex(key.public_key()), "")
    return Checkpoint(head.seq, head.hash, at, unsigned.public_key, key.sign(unsigned.message()).hex())


def check_signature(cp: Checkpoint, trusted_public_key: str | None = None) -> None:
    """:class:`CheckpointError` unless ``cp`` is signed by its key (and that key is the trusted one)."""
    if trusted_public_key is not None and cp.public_key != trusted_public_key:
        raise CheckpointError("the checkpoint is signed by another key than the trusted one")
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(cp.public_key)).verify(
            bytes.fromhex(cp.signature), cp.message()
        )
    except (ValueError, InvalidSignature):
        raise CheckpointError("the checkpoint's signature is not valid") from None


def verify_against(
    session: Session, cp: Checkpoint, trusted_public_key: str | None = None
) -> audit.Verification:
    """Verify the whole chain and that it still extends ``cp`` (signature checked first)."""
    check_signature(cp, trusted_public_key)
    result = audit.verify(session)
    if not result.ok:
        return result
    entry = session.get(AuditEntry, cp.seq)
    if cp.seq > 0 and (entry is None or entry.hash != cp.hash):
        return audit.Verification(
            False, result.checked, cp.seq, f"entry {cp.seq} differs from the signed checkpoint of {cp.at}"
        )
    return result


def write(cp: Checkpoint, directory: Path) -> Path:
    """Write ``cp`` to ``directory`` as ``checkpoint-<seq>.json`` and ``latest.json``; the file written."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"checkpoint-{cp.seq:012d}.json"
    path.write_text(cp.to_json(), encoding="utf-8")
    (directory / "latest.json").write_text(cp.to_json(), encoding="utf-8")
    return path


def latest(directory: Path | None = None) -> Checkpoint | None:
    """The newest checkpoint written to ``directory`` (default ``$MIGRALEX_AUDIT_CHECKPOINT_DIR``)."""
    directory = directory or (Path(os.environ[DIR_ENV]) if os.environ.get(DIR_ENV) else None)
    if directory is None or not (directory / "latest.json").exists():
        return None
    return Checkpoint.from_json((directory / "latest.json").read_text(encoding="utf-8"))
