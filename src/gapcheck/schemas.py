"""JSON Schemas of gapcheck's files, generated from the pydantic models (never by hand)."""

from __future__ import annotations

import importlib
import json

# kind -> "module:Model"; imported lazily so the CLI stays light.
MODELS: dict[str, str] = {
    "practice": "gapcheck.models.catalogue:Practice",
    "catalogue": "gapcheck.models.catalogue:CatalogueFile",
    "practice-translation": "gapcheck.models.translation:PracticeTranslation",
    "catalogue-translation": "gapcheck.models.translation:CatalogueTranslation",
    "migration": "gapcheck.models.migration:MigrationFile",
    "questionnaire": "gapcheck.models.questionnaire:Questionnaire",
    "offers": "gapcheck.models.capacity:OffersFile",
    "requests": "gapcheck.models.capacity:RequestsFile",
}


def kinds() -> list[str]:
    return list(MODELS)


def json_schema(kind: str) -> str:
    module, name = MODELS[kind].split(":")
    model = getattr(importlib.import_module(module), name)
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    # names the kind of file, so that `schema -o` recognises an earlier schema it may replace
    schema["$id"] = f"urn:gapcheck:schema:{kind}"
    schema.setdefault("title", f"gapcheck {kind} file")
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
