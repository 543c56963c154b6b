"""The `waystation` command: the desktop app, or the same core headless.

Exit codes: 0 ok, 1 a check failed or data is damaged, 2 usage error,
3 wrong password or not allowed.
"""
