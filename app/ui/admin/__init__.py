"""Administration pages: accounts, settings, and the audit trail."""
