"""The published guidance site: pages generated from the knowledge base (pages.py), and the
adapter that gives them to MkDocs (plugin.py, build.py)."""
