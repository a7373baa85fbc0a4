"""The demo program: every demo loader and its data, on top of every other layer.

One loader a domain (`programs.py` loads the core records, then `placement.py`,
`curriculum.py`, `grants.py`, `progress.py`, `news.py` with `publications.py`, `thesis.py`),
the core records' data as TOML files in `data/`, and the `demo` management command that
runs them in order. Nothing below imports from here; the demo may import anything.
"""
