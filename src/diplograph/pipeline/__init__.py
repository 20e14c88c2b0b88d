"""Building the store: data files are loaded, checked against the shapes, reasoned over and written
(in full or incrementally) into the store.

May import: the top-level modules and `diplograph.store`; never `graphs`, `publish` or `sources`.
"""
