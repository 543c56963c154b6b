"""Waystation: offline, encrypted, trauma-informed screening and referral."""

__version__ = "0.1.0"
APP_ID = "org.waystation.Waystation"
