"""Multi-step workflows of the core, each written once: the desktop, the command line and
the demo call them and never re-implement them. Plain Python: they drive the interview
engine (app/screening) and the vault (app/storage), whose transactions keep each step whole.
"""
