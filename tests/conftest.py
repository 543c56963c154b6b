"""Shared test setup: headless Qt, and no test writes outside its temporary folders."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
