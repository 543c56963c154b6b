"""The reports page: a period's figures as bars with their numbers, PDF and shared statistics."""
