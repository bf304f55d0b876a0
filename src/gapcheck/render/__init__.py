"""Renderers: plain data in, text out (Markdown, HTML, JSON, SVG, YAML)."""
