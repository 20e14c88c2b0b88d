"""diplograph: a knowledge graph of bilateral diplomatic relations."""

__version__ = "0.1.0"
