"""Sending to ODK Central, measured: screenings pushed per second, and bundling 1,000 screenings.

Needs a running Central (ODK_CENTRAL_URL, _EMAIL, _PASSWORD, as printed by
../shared/odk-central/up.sh); without one it says so and exits 0. Each figure
has a baseline taken in the same run:
- push: building, encrypting and sending each screening, against sending the
  very same prepared bytes again (the server round trip alone);
- bundle: building, encrypting and sealing every waiting screening into one
  file, against reading the same screenings from the vault.

    python bench/sync_bench.py [--push N] [--bundle N]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from app.demo.bulk_load import load_synthetic  # noqa: E402
from app.screening.loader import load_forms  # noqa: E402
from app.storage.keyfile import TEST_KDF  # noqa: E402
from app.storage.vault import Vault  # noqa: E402
from app.sync import openrosa  # noqa: E402
from app.sync.bundle import write_bundle  # noqa: E402
from app.sync.central import CentralSession  # noqa: E402
from app.sync.prepare import Preparer  # noqa: E402
from app.sync.publish import publish  # noqa: E402
from app.sync.push import connect, push  # noqa: E402

FORMS = {form.id: form for form in load_forms()}


def _vault(folder: Path, screenings: int) -> Vault:
    vault = Vault.create(folder, "bench", "bench-password-1", kdf=TEST_KDF)
    cases = 1
    while True:
        load_synthetic(vault, cases=cases, answers=cases * 25)
        vault.outbox.refresh()
        waiting = vault.outbox.counts().waiting
        if waiting >= screenings:
            break
        cases = max(1, int((screenings - waiting) * 1.4))
    vault.sync_config.set_policy(policy="answers")
    return vault


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--push", type=int, default=200)
    parser.add_argument("--bundle", type=int, default=1000)
    args = parser.parse_args()
    url = os.environ.get("ODK_CENTRAL_URL")
    if not url:
        print("ODK_CENTRAL_URL is not set: start ../shared/odk-central/up.sh first; skipped")
        return 0
    session = CentralSession(
        url, os.environ["ODK_CENTRAL_EMAIL"], os.environ["ODK_CENTRAL_PASSWORD"]
    )
    project = session.json("POST", "/v1/projects", {"name": f"bench {time.time():.0f}"})
    pid = int(project["id"])
    session.json("POST", f"/v1/projects/{pid}/key", {"passphrase": "bench-passphrase-1"})
    publish(session, pid, FORMS.values())
    user = session.json("POST", f"/v1/projects/{pid}/app-users", {"displayName": "bench"})
    for form_id in session.form_ids(pid):
        session.grant(pid, form_id, user["id"])
    link = f"{url}/v1/key/{user['token']}/projects/{pid}"
    with tempfile.TemporaryDirectory(prefix="waystation-sync-bench-") as tmp:
        vault = _vault(Path(tmp) / "push", args.push)
        connect(vault, link)
        # Push: only the first N wait (the rest are marked sent beforehand, untouched).
        vault.connection.execute(
            "UPDATE sync_outbox SET state = 'sent' WHERE screening_id NOT IN "
            "(SELECT screening_id FROM sync_outbox ORDER BY screening_id LIMIT ?)",
            (args.push,),
        )
        start = time.perf_counter()
        report = push(vault, FORMS)
        pushed = time.perf_counter() - start
        sent = report.sent + report.duplicates
        # The baseline: the submissions just sent, as prepared (a sent one drops its copy,
        # so they are built again, outside the timing), sent once more.
        vault.connection.execute(
            "UPDATE sync_outbox SET state = 'waiting' WHERE sent_at IS NOT NULL"
        )
        preparer = Preparer.for_vault(vault, FORMS)
        payloads = [preparer.submission(item) for item in vault.outbox.pending()]
        start = time.perf_counter()
        for submission in payloads:
            openrosa.submit(openrosa.parse_link(link), submission)
        resent = time.perf_counter() - start
        vault.close()

        vault = _vault(Path(tmp) / "bundle", args.bundle)
        vault.sync_config.connect(link, _forms(link))
        items = vault.outbox.pending()
        start = time.perf_counter()
        for item in items:
            vault.outbox.record(int(item.key))
        read = time.perf_counter() - start
        start = time.perf_counter()
        bundled = write_bundle(vault, FORMS, Path(tmp) / "out.wsbundle")
        bundling = time.perf_counter() - start
        size = (Path(tmp) / "out.wsbundle").stat().st_size
        vault.close()
    session.close()
    print(f"push: {sent} screenings in {pushed:.2f} s = {sent / pushed:.1f} per second")
    print(
        f"  baseline (the same {len(payloads)} prepared submissions sent again): "
        f"{resent:.2f} s = {len(payloads) / resent:.1f} per second; ratio {pushed / resent:.2f}x"
    )
    print(
        f"bundle: {bundled.screenings} screenings in {bundling:.2f} s ({size / 1e6:.1f} MB); "
        f"baseline (reading them from the vault) {read:.2f} s; ratio {bundling / read:.1f}x"
    )
    if report.failed:
        print("not sent:", "; ".join(report.reasons))
        return 1
    return 0


def _forms(link: str):
    from app.storage.sync_config import ServerForm

    parsed = openrosa.parse_link(link)
    return [ServerForm(f.form_id, f.version, f.public_key) for f in openrosa.offered_forms(parsed)]


if __name__ == "__main__":
    raise SystemExit(main())
