"""Files sealed with a passphrase: AES-256-GCM, the key derived with scrypt.

Village packages always, and backups written to a second folder when a
passphrase is set, travel on USB sticks that get lost. Both use this one
format, built from the ``cryptography`` package (no cipher of our own):

    MAGIC (8) | salt (16) | log2 n, r, p (3 × uint8) | nonce (12) | check (32) | ciphertext+tag

scrypt derives 64 bytes from the passphrase and the salt: the first 32 are
the AES key, the SHA-256 of the other 32 is ``check``, so a wrong
passphrase is told apart from a damaged file. The whole header is the
GCM associated data: a changed byte anywhere fails the tag.

Backups are written without anyone at hand to type the passphrase (at start
and on exit), and the passphrase is kept nowhere on the computer. So when a
passphrase is set for them, what the settings keep is a *backup key*
(``make_backup_key``): an X25519 public key and its private key sealed as
above under the passphrase. A backup is sealed to that key (``seal_to``,
streaming): an ephemeral X25519 exchange with the public key gives, through
HKDF-SHA256, the AES-256-GCM key of the file; the file carries the backup key,
so on any computer the passphrase opens it (``open_sealed_file``):

    BOX_MAGIC (8) | key length (uint32) | backup key | ephemeral public key (32) | nonce (12) | ciphertext+tag

The backup key itself is ``KEY_MAGIC (8) | public key (32) | sealed private key``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import struct
import zlib
from typing import TYPE_CHECKING, BinaryIO

from lianhu_desktop.errors import LianhuError

# The cipher library is imported by the functions that encrypt or decrypt, not
# with this module: the program's start reads backup settings but seals nothing.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

MAGIC = b"LHSEAL1\n"
_HEADER = struct.Struct(">16sBBB12s32s")
# scrypt cost: 2**15 × 8 × 128 bytes = 32 MB of memory, about 0.1 s per file
# (when this cost was chosen).
LOG2_N, R, P = 15, 8, 1
ENV_PASSPHRASE = "LIANHU_PASSPHRASE"
MIN_PASSPHRASE = 8
KEY_MAGIC = b"LHBKEY1\n"
BOX_MAGIC = b"LHSBOX1\n"
_KEY_LENGTH = struct.Struct(">I")
_STREAM_CHUNK = 1 << 20


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
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

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
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return header + AESGCM(key).encrypt(nonce, plaintext, header)


def unseal(data: bytes, passphrase: str, *, what: str = "文件") -> bytes:
    """The plaintext of a sealed file; ``WrongPassphrase`` or ``SealBroken`` otherwise."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

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


def strength(passphrase: str) -> tuple[int, str]:
    """How hard ``passphrase`` is to guess: 0 (refused) to 3, with a Chinese hint."""
    text = passphrase or ""
    if len(text) < MIN_PASSPHRASE:
        return 0, f"太短：至少 {MIN_PASSPHRASE} 个字符"
    kinds = sum((any(c.isdigit() for c in text), any(c.isascii() and c.isalpha() for c in text),
                 any(not c.isascii() for c in text), any(c.isascii() and not c.isalnum() for c in text)))
    if len(set(text)) <= 3 or (kinds == 1 and len(text) < 12):
        return 1, "弱：容易被猜到，请加长或混用数字、字母、汉字和符号"
    if len(text) >= 14 and kinds >= 2 or len(text) >= 20:
        return 3, "强"
    return 2, "中：再长一些更好"


# ---------------------------------------------------------------- sealed to a backup key


def make_backup_key(passphrase: str) -> bytes:
    """A new backup key for ``passphrase`` (see the module docstring); it holds no secret in the clear."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private = X25519PrivateKey.generate()
    raw = private.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = _raw_public(private)
    return KEY_MAGIC + public + seal(raw, passphrase)


def _split_key(key: bytes) -> tuple[bytes, bytes]:
    if key[:len(KEY_MAGIC)] != KEY_MAGIC or len(key) < len(KEY_MAGIC) + 32 + len(MAGIC) + _HEADER.size + 16:
        raise SealBroken("备份加密用的密钥已损坏，请在“备份设置”里重新设置密码")
    start = len(KEY_MAGIC)
    return key[start:start + 32], key[start + 32:]


def backup_key_opens(key: bytes, passphrase: str) -> bool:
    """True when ``passphrase`` is the one ``key`` was made with."""
    try:
        _private_of(key, passphrase, "备份密钥")
    except WrongPassphrase:
        return False
    return True


def _raw_public(private: X25519PrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _private_of(key: bytes, passphrase: str, what: str) -> X25519PrivateKey:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    public, wrapped = _split_key(key)
    private = X25519PrivateKey.from_private_bytes(unseal(wrapped, passphrase, what=what))
    if _raw_public(private) != public:
        raise SealBroken(f"{what}已损坏或被改动过（密钥不符），已拒绝，未作任何改动")
    return private


def _box_key(shared: bytes, ephemeral: bytes, public: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + public,
                info=b"lianhu_desktop sealed backup").derive(shared)


def is_sealed_box(head: bytes) -> bool:
    return head[:len(BOX_MAGIC)] == BOX_MAGIC


def seal_to(source: BinaryIO, out: BinaryIO, key: bytes, *, level: int = 1) -> None:
    """Compress ``source`` and seal it to the backup ``key`` into ``out``, a megabyte at a time."""
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    public, _ = _split_key(key)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = _raw_public(ephemeral)
    aes = _box_key(ephemeral.exchange(X25519PublicKey.from_public_bytes(public)), ephemeral_public, public)
    nonce = os.urandom(12)
    header = BOX_MAGIC + _KEY_LENGTH.pack(len(key)) + key + ephemeral_public + nonce
    encryptor = Cipher(algorithms.AES(aes), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(header)
    out.write(header)
    packer = zlib.compressobj(level)
    while chunk := source.read(_STREAM_CHUNK):
        out.write(encryptor.update(packer.compress(chunk)))
    out.write(encryptor.update(packer.flush()))
    out.write(encryptor.finalize() + encryptor.tag)


def open_sealed_file(source: BinaryIO, out: BinaryIO, passphrase: str, *, what: str = "备份文件") -> None:
    """Write the plaintext of a file sealed by ``seal_to`` to ``out``.

    ``WrongPassphrase`` or ``SealBroken`` otherwise; ``out`` then holds
    unchecked bytes the caller must throw away (the tag is checked at the end).
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    broken = SealBroken(f"{what}已损坏或被改动过（校验不通过），已拒绝，未作任何改动")
    head = source.read(len(BOX_MAGIC) + _KEY_LENGTH.size)
    if not is_sealed_box(head) or len(head) < len(BOX_MAGIC) + _KEY_LENGTH.size:
        raise SealBroken(f"这不是联户通加密的{what}，或文件已损坏")
    (length,) = _KEY_LENGTH.unpack(head[len(BOX_MAGIC):])
    if length > 4096:
        raise broken
    key = source.read(length)
    rest = source.read(32 + 12)
    if len(key) != length or len(rest) != 44:
        raise broken
    private = _private_of(key, passphrase, what)
    public, _ = _split_key(key)
    ephemeral_public, nonce = rest[:32], rest[32:]
    aes = _box_key(private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public)), ephemeral_public, public)
    decryptor = Cipher(algorithms.AES(aes), modes.GCM(nonce)).decryptor()
    decryptor.authenticate_additional_data(head + key + rest)
    unpacker = zlib.decompressobj()
    held = b""  # the last 16 bytes read are the tag, not ciphertext
    try:
        while chunk := source.read(_STREAM_CHUNK):
            held += chunk
            body, held = held[:-16], held[-16:]
            out.write(unpacker.decompress(decryptor.update(body)))
        if len(held) != 16:
            raise broken
        decryptor.finalize_with_tag(held)
        out.write(unpacker.flush())
    except (InvalidTag, zlib.error):
        raise broken from None
    if not unpacker.eof:
        raise broken
