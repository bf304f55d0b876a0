"""The picture across States: levels, supply and demand, trend and peers, with disclosure control.

Pure functions over loaded questionnaires, requests and offers; `build_overview` returns plain
JSON-ready data for one audience, already protected by `gapcheck.overview.disclosure`.
"""
