"""Shaping query results for display, one module per page: the frames its charts draw, the
tables it shows, the sentences it derives from them, and the page's downloads (``*_export``: the
long form of its tables under the export contract of kenpo.exports, one figure a row).
``frames`` holds the few readings several pages share. Every function is pure and cached by the
identity of its input frames (kenpo.derived): a warm rerun derives nothing.
"""
