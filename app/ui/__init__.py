"""The PySide6 desktop app. The only package that imports Qt; it adds no business rules."""
