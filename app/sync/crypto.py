"""ODK encrypted submissions, as the ODK XForms encryption specification describes them.

A fresh AES-256 key per submission; each file is encrypted with AES-256-CFB
(128-bit feedback) and PKCS#7 padding; the IV of file n is the MD5 of the
instanceID followed by the key, with byte n mod 16 incremented once per file
(n counted from 0, so even the first file's IV is incremented); the key is
wrapped with RSA-OAEP using SHA-256 for both the hash and MGF1, and base64
encoded. The optional signature is the MD5 of a fixed text, wrapped the same
way: only the holder of the form's private key can read or check it.

Only the form's public key is ever held here, so a seized laptop cannot read
what it sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, OAEP
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

try:  # CFB lives among the "decrepit" modes from cryptography 47 on; the format needs it.
    from cryptography.hazmat.decrepit.ciphers.modes import CFB
except ImportError:  # pragma: no cover - older cryptography
    from cryptography.hazmat.primitives.ciphers.modes import CFB

from app.domain.errors import SyncError
from app.i18n import _

KEY_BYTES = 32
BLOCK_BITS = 128


def oaep() -> OAEP:
    """RSA-OAEP with SHA-256 for the hash and for MGF1 (Java's OAEPWithSHA256AndMGF1Padding)."""
    return OAEP(mgf=MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def load_public_key(base64_der: str) -> rsa.RSAPublicKey:
    """A form's RSA public key (`base64RsaPublicKey`: base64 of DER SubjectPublicKeyInfo)."""
    try:
        der = base64.b64decode("".join(base64_der.split()), validate=True)
        key = serialization.load_der_public_key(der)
    except (ValueError, binascii.Error):
        key = None
    if not isinstance(key, rsa.RSAPublicKey) or key.key_size < 2048:
        raise SyncError(_("the form's public key is not an RSA key of at least 2048 bits"))
    return key


def initial_vector(instance_id: str, key: bytes, index: int) -> bytes:
    """The IV of the file at `index` (0 for the first encrypted file)."""
    seed = bytearray(hashlib.md5(instance_id.encode("utf-8") + key).digest())  # noqa: S324 - the format's choice
    for counter in range(index + 1):
        seed[counter % 16] = (seed[counter % 16] + 1) % 256
    return bytes(seed)


def encrypt_file(data: bytes, key: bytes, iv: bytes) -> bytes:
    """AES-256-CFB (128-bit segments) of `data` with PKCS#7 padding to 16 bytes."""
    padder = padding.PKCS7(BLOCK_BITS).padder()
    padded = padder.update(data) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), CFB(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


@dataclass(frozen=True)
class EncryptedFile:
    """One file of an encrypted submission: the name it is sent under and its bytes."""

    name: str
    content: bytes


@dataclass(frozen=True)
class EncryptedSubmission:
    """What is sent: the manifest (the XML part) and the encrypted files, media first."""

    instance_id: str
    manifest: bytes
    files: tuple[EncryptedFile, ...]


SUBMISSIONS_NS = "http://opendatakit.org/submissions"
OPENROSA_NS = "http://openrosa.org/xforms"
XML_FILE = "submission.xml"


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def signature_text(
    form_id: str,
    version: str | None,
    wrapped_key: str,
    instance_id: str,
    files: Sequence[tuple[str, bytes]],
) -> bytes:
    """The text whose MD5 is the signature: each part on its own line, a newline at the end."""
    lines = [form_id]
    if version:
        lines.append(version)
    lines += [wrapped_key, instance_id]
    lines += [name + "::" + hashlib.md5(content).hexdigest() for name, content in files]  # noqa: S324
    return ("\n".join(lines) + "\n").encode("utf-8")


def encrypt_submission(
    *,
    form_id: str,
    version: str | None,
    instance_id: str,
    xml: bytes,
    public_key: rsa.RSAPublicKey,
    media: Sequence[tuple[str, bytes]] = (),
) -> EncryptedSubmission:
    """Encrypt a submission's XML (and media files, first, in order) for the form's key."""
    key = os.urandom(KEY_BYTES)
    plain = [*media, (XML_FILE, xml)]
    encrypted = tuple(
        EncryptedFile(
            name + ".enc", encrypt_file(content, key, initial_vector(instance_id, key, n))
        )
        for n, (name, content) in enumerate(plain)
    )
    wrapped = base64.b64encode(public_key.encrypt(key, oaep())).decode("ascii")
    digest = hashlib.md5(signature_text(form_id, version, wrapped, instance_id, plain)).digest()  # noqa: S324
    signature = base64.b64encode(public_key.encrypt(digest, oaep())).decode("ascii")
    version_attribute = f' version="{_escape(version)}"' if version else ""
    media_parts = "".join(
        f"<media><file>{_escape(item.name)}</file></media>" for item in encrypted[:-1]
    )
    manifest = (
        f'<data xmlns="{SUBMISSIONS_NS}" id="{_escape(form_id)}" encrypted="yes"'
        f"{version_attribute}>"
        f"<base64EncryptedKey>{wrapped}</base64EncryptedKey>"
        f"<encryptedXmlFile>{XML_FILE}.enc</encryptedXmlFile>"
        f"{media_parts}"
        f"<base64EncryptedElementSignature>{signature}</base64EncryptedElementSignature>"
        f'<meta xmlns="{OPENROSA_NS}"><instanceID>{_escape(instance_id)}</instanceID></meta>'
        "</data>"
    )
    return EncryptedSubmission(instance_id, manifest.encode("utf-8"), encrypted)
