"""The referral dialog (`dialog.open_referral_dialog`), its state, preview and file choice."""
