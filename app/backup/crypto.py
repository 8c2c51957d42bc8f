"""Encrypted backup container: AES-256-GCM in 1 MiB chunks, key from scrypt; only KDF parameters in clear.

Layout of an encrypted .pbk file::

    magic  b"PBKCRYPT"                      8 bytes
    header length (big-endian)              2 bytes
    header JSON                              {format, encrypted, cipher, kdf, n, r, p, salt, nonce, chunk_size}
    SHA-256 of the three fields above       32 bytes  (a damaged header reads as "corrupt", not "wrong password")
    key check tag                           16 bytes  (GCM tag of an empty message: tells a wrong password apart)
    chunks                                  ciphertext + 16-byte tag each

Each chunk's nonce is the 8-byte random base nonce + a 4-byte counter; its associated data is the
header, the chunk index and a last-chunk flag, so reordered, dropped, swapped or truncated chunks
all fail authentication. Memory stays bounded by the chunk size whatever the file size.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from collections.abc import Callable
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.domain.errors import UserError

MAGIC = b"PBKCRYPT"
FORMAT = 1
CHUNK_SIZE = 1 << 20
TAG = 16
# scrypt n=2^15, r=8, p=1: ~32 MiB and a fraction of a second on an old office PC.
DEFAULT_N = 1 << 15
DEFAULT_R = 8
DEFAULT_P = 1
KEY_CHECK_COUNTER = 0xFFFFFFFF
MAX_CHUNKS = KEY_CHECK_COUNTER - 1


class WrongPassphraseError(UserError):
    """The passphrase does not open this backup."""


class CorruptBackupError(UserError):
    """The backup file is damaged, truncated or was changed after it was written."""


WRONG_PASSPHRASE = "密码错误：这个备份文件用另一个密码加密。请检查大小写和输入法后再试。"
CORRUPT = "备份文件已损坏、不完整或被改动过（{detail}），不能使用。请换一个备份文件。"


def corrupt(detail: str) -> CorruptBackupError:
    return CorruptBackupError(CORRUPT.format(detail=detail))


def is_encrypted(path: os.PathLike[str] | str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    if not passphrase:
        raise UserError("请填写密码")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _nonce(base: bytes, counter: int) -> bytes:
    return base + struct.pack(">I", counter)


def _aad(header: bytes, index: int, last: bool) -> bytes:
    return header + struct.pack(">QB", index, 1 if last else 0)


def encrypt_stream(
    source: BinaryIO,
    target: BinaryIO,
    passphrase: str,
    *,
    n: int = DEFAULT_N,
    r: int = DEFAULT_R,
    p: int = DEFAULT_P,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Encrypt everything readable from ``source`` into ``target``."""
    salt = os.urandom(16)
    base_nonce = os.urandom(8)
    key = _derive(passphrase, salt, n, r, p)
    header_json = json.dumps(
        {
            "format": FORMAT,
            "encrypted": True,
            "cipher": "AES-256-GCM",
            "kdf": "scrypt",
            "n": n,
            "r": r,
            "p": p,
            "salt": salt.hex(),
            "nonce": base_nonce.hex(),
            "chunk_size": chunk_size,
        },
        sort_keys=True,
    ).encode("ascii")
    header = MAGIC + struct.pack(">H", len(header_json)) + header_json
    aes = AESGCM(key)
    target.write(header)
    target.write(hashlib.sha256(header).digest())
    target.write(aes.encrypt(_nonce(base_nonce, KEY_CHECK_COUNTER), b"", header + b"key-check"))
    index = 0
    pending = source.read(chunk_size)
    while True:
        following = source.read(chunk_size)
        last = not following
        if index >= MAX_CHUNKS:
            raise UserError("数据太大，无法加密备份")
        target.write(aes.encrypt(_nonce(base_nonce, index), pending, _aad(header, index, last)))
        if progress:
            progress(len(pending))
        if last:
            return
        pending = following
        index += 1


def _read_exact(fh: BinaryIO, size: int, what: str) -> bytes:
    data = fh.read(size)
    if len(data) != size:
        raise corrupt(f"{what}不完整")
    return data


def read_header(fh: BinaryIO) -> tuple[bytes, dict[str, object]]:
    """Read and check the clear header; returns its bytes (used as associated data) and fields."""
    magic = _read_exact(fh, len(MAGIC), "文件头")
    if magic != MAGIC:
        raise corrupt("不是加密备份")
    (length,) = struct.unpack(">H", _read_exact(fh, 2, "文件头"))
    header_json = _read_exact(fh, length, "文件头")
    header = magic + struct.pack(">H", length) + header_json
    if hashlib.sha256(header).digest() != _read_exact(fh, 32, "文件头"):
        raise corrupt("文件头校验不符")
    try:
        fields = json.loads(header_json)
        assert isinstance(fields, dict)
    except (ValueError, AssertionError) as exc:
        raise corrupt("文件头无法读取") from exc
    if (
        fields.get("format") != FORMAT
        or fields.get("cipher") != "AES-256-GCM"
        or fields.get("kdf") != "scrypt"
    ):
        raise UserError("这个加密备份由更新版本的先锋榜写入，本程序无法读取。请安装最新版本后再试。")
    return header, fields


def decrypt_stream(
    source: BinaryIO,
    target: BinaryIO,
    passphrase: str,
    *,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Decrypt into ``target``; raises WrongPassphraseError or CorruptBackupError, never yields bad data.

    Bytes already written to ``target`` before a failure must be thrown away by the caller.
    """
    header, fields = read_header(source)
    try:
        n, r, p = int(fields["n"]), int(fields["r"]), int(fields["p"])  # type: ignore[call-overload]
        salt = bytes.fromhex(str(fields["salt"]))
        base_nonce = bytes.fromhex(str(fields["nonce"]))
        chunk_size = int(fields["chunk_size"])  # type: ignore[call-overload]
    except (KeyError, ValueError, TypeError) as exc:
        raise corrupt("文件头参数不全") from exc
    # Refuse parameters that would make scrypt eat all memory or never finish.
    if not (2 <= n <= 1 << 20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise corrupt("密钥参数不合理")
    if len(base_nonce) != 8 or not 1 <= chunk_size <= 64 << 20 or len(salt) < 8:
        raise corrupt("文件头参数不合理")
    aes = AESGCM(_derive(passphrase, salt, n, r, p))
    check = _read_exact(source, TAG, "文件头")
    try:
        aes.decrypt(_nonce(base_nonce, KEY_CHECK_COUNTER), check, header + b"key-check")
    except InvalidTag as exc:
        raise WrongPassphraseError(WRONG_PASSPHRASE) from exc
    index = 0
    block = source.read(chunk_size + TAG)
    while True:
        if len(block) < TAG:
            raise corrupt("文件被截断")
        following = source.read(chunk_size + TAG)
        last = not following
        if index >= MAX_CHUNKS:
            raise corrupt("数据块过多")
        try:
            plain = aes.decrypt(_nonce(base_nonce, index), block, _aad(header, index, last))
        except InvalidTag as exc:
            raise corrupt("文件被截断" if last else f"第 {index + 1} 个数据块校验失败") from exc
        target.write(plain)
        if progress:
            progress(len(block))
        if last:
            return
        block = following
        index += 1
