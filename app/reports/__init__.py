"""Reports: figures over the vault for supervisors, the monthly PDF, and statistics for sharing.

`figures.summarise` counts a period once for the page, the PDF and the CLI;
`shared` turns the same rows into HTCDS-coded tables that `suppression`
k-anonymises. Plain Python: the SQL is in app/storage/statistics.py.
"""
