"""Referral packets as PDF, in every offered language. The only importer of reportlab."""
