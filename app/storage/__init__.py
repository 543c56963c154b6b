"""The encrypted vault: key file, SQLCipher database, repositories and audit trail.

The only package that imports sqlcipher3.
"""
