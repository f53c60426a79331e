"""Shaping query results for display, one module per page: the frames its charts draw and the
tables it shows (what a table returns here is exactly what the page shows and what its CSV
download contains), and the sentences it derives from them. ``frames`` holds the few readings
several pages share. Every function is pure and cached by the identity of its input frames
(kenpo.derived): a warm rerun derives nothing.
"""
