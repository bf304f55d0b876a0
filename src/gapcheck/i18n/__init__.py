"""Translated content for the knowledge base: overlays beside the practices, their staleness,
coverage, skeletons for translators, pseudo-locales for tests, and `localise`, which gives
the catalogue in one language with English wherever a translation is missing or stale.

The official statement of each practice is never replaced: its unofficial translation is
carried in a field of its own (LocalisedPractice.unofficial_statement).
"""
