"""Readouts: drafting meeting cards from the texts governments publish."""
