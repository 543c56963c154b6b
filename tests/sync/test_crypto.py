"""ODK encrypted submissions checked against the ODK XForms encryption specification.

The decryption here is written from the specification, independently of
app/sync/crypto.py: OAEP with SHA-256 for the hash and MGF1, IV = MD5(instanceID
+ key) with byte n mod 16 incremented for each file, AES-256-CFB, PKCS#7.
"""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import hashes, padding, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.padding import MGF1, OAEP
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from defusedxml import ElementTree

from app.domain.errors import SyncError
from app.sync.crypto import CFB, encrypt_submission, initial_vector, load_public_key

NS = "{http://opendatakit.org/submissions}"
ORX = "{http://openrosa.org/xforms}"
INSTANCE = "uuid:5b9cf8d1-106f-4004-844f-c072d76762ed"


@pytest.fixture(scope="module")
def private_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _spec_iv(instance_id: str, key: bytes, index: int) -> bytes:
    seed = bytearray(hashlib.md5(instance_id.encode() + key).digest())
    for counter in range(index + 1):
        seed[counter % 16] = (seed[counter % 16] + 1) & 0xFF
    return bytes(seed)


def _decrypt(data: bytes, key: bytes, iv: bytes) -> bytes:
    decryptor = Cipher(algorithms.AES(key), CFB(iv)).decryptor()
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    return unpadder.update(padded) + unpadder.finalize()


def _oaep_sha256() -> OAEP:
    return OAEP(mgf=MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


def test_manifest_key_iv_padding_and_signature_follow_the_spec(private_key):
    xml = "<data id='f'><q>yes</q><name>ä</name></data>".encode()
    media = [("photo.jpg", b"\xff\xd8" * 100), ("note.txt", b"x" * 16)]
    built = encrypt_submission(
        form_id="adult-screening",
        version="1.abc[encrypted:xy]",
        instance_id=INSTANCE,
        xml=xml,
        public_key=private_key.public_key(),
        media=media,
    )
    root = ElementTree.fromstring(built.manifest)
    assert root.tag == NS + "data"
    assert root.get("id") == "adult-screening" and root.get("encrypted") == "yes"
    assert root.get("version") == "1.abc[encrypted:xy]"
    assert root.find(f"{NS}encryptedXmlFile").text == "submission.xml.enc"
    assert [m.find(f"{NS}file").text for m in root.findall(f"{NS}media")] == [
        "photo.jpg.enc",
        "note.txt.enc",
    ]
    assert root.find(f"{ORX}meta/{ORX}instanceID").text == INSTANCE
    wrapped = root.find(f"{NS}base64EncryptedKey").text
    key = private_key.decrypt(base64.b64decode(wrapped), _oaep_sha256())
    assert len(key) == 32
    # SHA-1 for MGF1 (Java's default for OAEPWithSHA256AndMGF1Padding) must not decrypt it.
    with pytest.raises(ValueError):
        private_key.decrypt(
            base64.b64decode(wrapped),
            OAEP(mgf=MGF1(hashes.SHA1()), algorithm=hashes.SHA256(), label=None),
        )
    plain = [*media, ("submission.xml", xml)]
    assert [f.name for f in built.files] == [n + ".enc" for n, _c in plain]
    for index, (item, (_name, content)) in enumerate(zip(built.files, plain, strict=True)):
        assert len(item.content) % 16 == 0 and len(item.content) > len(content)
        assert _decrypt(item.content, key, _spec_iv(INSTANCE, key, index)) == content
    # The signature: MD5 of the documented lines, wrapped like the key.
    lines = ["adult-screening", "1.abc[encrypted:xy]", wrapped, INSTANCE]
    lines += [n + "::" + hashlib.md5(c).hexdigest() for n, c in plain]
    signature = root.find(f"{NS}base64EncryptedElementSignature").text
    digest = private_key.decrypt(base64.b64decode(signature), _oaep_sha256())
    assert digest == hashlib.md5(("\n".join(lines) + "\n").encode()).digest()


def test_each_submission_has_a_fresh_key(private_key):
    made = [
        encrypt_submission(
            form_id="f",
            version="1",
            instance_id=INSTANCE,
            xml=b"<d/>",
            public_key=private_key.public_key(),
        )
        for _ in range(2)
    ]
    assert made[0].files[0].content != made[1].files[0].content


def test_iv_is_incremented_per_file_and_wraps_around():
    key = bytes(range(32))
    seed = hashlib.md5(INSTANCE.encode() + key).digest()
    first = initial_vector(INSTANCE, key, 0)
    assert first[0] == (seed[0] + 1) % 256 and first[1:] == seed[1:]
    second = initial_vector(INSTANCE, key, 1)
    assert second[:2] == bytes([(seed[0] + 1) % 256, (seed[1] + 1) % 256])
    seventeenth = initial_vector(INSTANCE, key, 16)
    assert seventeenth[0] == (seed[0] + 2) % 256
    for index in range(40):
        assert initial_vector(INSTANCE, key, index) == _spec_iv(INSTANCE, key, index)


def test_a_whole_block_gets_a_whole_block_of_padding(private_key):
    built = encrypt_submission(
        form_id="f",
        version=None,
        instance_id=INSTANCE,
        xml=b"0123456789abcdef",
        public_key=private_key.public_key(),
    )
    assert len(built.files[-1].content) == 32
    assert b"version=" not in built.manifest


def test_public_keys_that_are_not_usable_are_refused():
    small = rsa.generate_private_key(public_exponent=65537, key_size=1024).public_key()
    der = small.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    for text in ("not base64!", base64.b64encode(b"junk").decode(), base64.b64encode(der).decode()):
        with pytest.raises(SyncError, match="2048"):
            load_public_key(text)
