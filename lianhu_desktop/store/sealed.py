"""Files sealed with a passphrase: AES-256-GCM, the key derived with scrypt.

Village packages always, and backups written to a second folder when a
passphrase is set, travel on USB sticks that get lost. Both use this one
format, built from the ``cryptography`` package (no cipher of our own):

    MAGIC (8) | salt (16) | log2 n, r, p (3 × uint8) | nonce (12) | check (32) | ciphertext+tag

scrypt derives 64 bytes from the passphrase and the salt: the first 32 are
the AES key, the SHA-256 of the other 32 is ``check``, so a wrong
passphrase is told apart from a damaged file. The whole header is the
GCM associated data: a changed byte anywhere fails the tag.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from lianhu_desktop.errors import LianhuError

MAGIC = b"LHSEAL1\n"
_HEADER = struct.Struct(">16sBBB12s32s")
# scrypt cost: 2**15 × 8 × 128 bytes = 32 MB of memory, about 0.1 s per file
# (when this cost was chosen).
LOG2_N, R, P = 15, 8, 1
ENV_PASSPHRASE = "LIANHU_PASSPHRASE"
MIN_PASSPHRASE = 8


class WrongPassphrase(LianhuError):
    """The passphrase does not open the file."""


class SealBroken(LianhuError):
    """The file was changed or damaged after it was sealed."""


def check_passphrase(passphrase: str) -> bytes:
    """The passphrase as bytes; refuses an empty or too short one."""
    passphrase = passphrase.strip("\r\n") if passphrase else ""
    if len(passphrase) < MIN_PASSPHRASE:
        raise LianhuError(f"密码至少要 {MIN_PASSPHRASE} 个字符（与乡镇约定的数据包密码）")
    return passphrase.encode("utf-8")


def _derive(passphrase: bytes, salt: bytes, log2_n: int, r: int, p: int) -> tuple[bytes, bytes]:
    if not (10 <= log2_n <= 22 and 1 <= r <= 16 and 1 <= p <= 4):
        raise SealBroken("文件头已损坏（密钥参数不对），无法打开")
    derived = Scrypt(salt=salt, length=64, n=2 ** log2_n, r=r, p=p).derive(passphrase)
    return derived[:32], hashlib.sha256(derived[32:]).digest()


def is_sealed(data: bytes) -> bool:
    return data[:len(MAGIC)] == MAGIC


def seal(plaintext: bytes, passphrase: str) -> bytes:
    """``plaintext`` encrypted and authenticated under ``passphrase``."""
    secret = check_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    key, check = _derive(secret, salt, LOG2_N, R, P)
    header = MAGIC + _HEADER.pack(salt, LOG2_N, R, P, nonce, check)
    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def unseal(data: bytes, passphrase: str, *, what: str = "文件") -> bytes:
    """The plaintext of a sealed file; ``WrongPassphrase`` or ``SealBroken`` otherwise."""
    size = len(MAGIC) + _HEADER.size
    if not is_sealed(data) or len(data) < size + 16:
        raise SealBroken(f"这不是联户通加密的{what}，或文件已损坏")
    secret = check_passphrase(passphrase)
    salt, log2_n, r, p, nonce, check = _HEADER.unpack(data[len(MAGIC):size])
    key, expected = _derive(secret, salt, log2_n, r, p)
    if not hmac.compare_digest(check, expected):
        raise WrongPassphrase(f"密码不对，无法打开这个{what}（请用与乡镇约定的密码），未作任何改动")
    try:
        return AESGCM(key).decrypt(nonce, data[size:], data[:size])
    except InvalidTag:
        raise SealBroken(f"{what}已损坏或被改动过（校验不通过），已拒绝，未作任何改动") from None


def passphrase_from(file: str | None = None, env=None) -> str | None:
    """The passphrase a script gives: ``--passphrase-file FILE`` or ``LIANHU_PASSPHRASE``."""
    env = os.environ if env is None else env
    if file:
        try:
            with open(file, encoding="utf-8") as handle:
                return handle.readline().rstrip("\r\n")
        except OSError as error:
            raise LianhuError(f"无法读取密码文件：{file}（{error.strerror or error}）") from error
        except UnicodeDecodeError:
            raise LianhuError(f"密码文件不是 UTF-8 文本：{file}") from None
    return env.get(ENV_PASSPHRASE) or None
