"""Diagrams of the concept pages, drawn with matplotlib; one module per chapter."""
