"""The capacity-building outputs in the six languages, end to end through the CLI: the
letter (Markdown and Word), the requests file's comments, the members' lists, matches,
shortlists, status and follow-up."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document
from docx.oxml.ns import qn

from gapcheck.capacity.confidentiality import SHARE_WORDS
from gapcheck.catalogue import Catalogue
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import translator
from gapcheck.models.capacity import Share
from tests.conftest import EXAMPLES, ROOT, invoke
from tests.consent_mixes import MIXES
from tests.i18n_support import english_left

OFFERS = sorted((ROOT / "offers" / "examples").glob("*.yaml"))
ARCADIA = EXAMPLES / "arcadia-2026.yaml"
ARCADIA_LATER = EXAMPLES / "arcadia-2028.yaml"
DAY = "2026-06-01"


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _own_words(*files: Path) -> list[str]:
    """Every text the State or a provider wrote in these files: never translated."""
    return [s for f in files for s in _strings(yaml.safe_load(f.read_text(encoding="utf-8")))]


def _english_content(catalogue: Catalogue) -> list[str]:
    """The knowledge base's English content, which the pseudo-languages show as it is."""
    texts = [catalogue.meta.source.title, *catalogue.sections.values()]
    texts += [name for name in catalogue.assistance.values()]
    texts += [name.lower() for name in catalogue.assistance.values()]
    for p in catalogue:
        texts += [p.title, *(e.text.rstrip(".") for e in p.elements)]
    return texts


def _new(questionnaire: Path, folder: Path, *extra: str) -> tuple[Path, str]:
    """`request new` with a Markdown letter; the requests file and the letter's text."""
    requests, letter = folder / "requests.yaml", folder / "letter.md"
    ran = invoke(
        "request", "new", questionnaire, "-o", requests, "--letter", letter, "--date", DAY, *extra
    )
    assert ran.exit_code == 0, ran.output
    return requests, letter.read_text(encoding="utf-8")


# ------------------------------------------------------------------------- en-XA


def test_pseudo_language_outputs_leave_no_english(tmp_path: Path, catalogue: Catalogue) -> None:
    requests, letter = _new(ARCADIA, tmp_path, "--lang", "en-XA")
    allowed = [*_own_words(ARCADIA, *OFFERS), *_english_content(catalogue)]
    outputs = {"letter": letter}
    comments = [line for line in requests.read_text().splitlines() if line.startswith("#")]
    outputs["requests file comments"] = "\n".join(comments[1:])  # after the schema line
    commands: dict[str, tuple[str | Path, ...]] = {
        "request share": ("request", "share", requests, "--date", DAY),
        "offers share": ("offers", "share", *OFFERS, "--date", DAY),
        "status": ("request", "status", requests, "-f", "md"),
    }
    for what, args in commands.items():
        ran = invoke(*args, "--lang", "en-XA")
        assert ran.exit_code == 0, ran.output
        outputs[what] = ran.stdout
    out = tmp_path / "matches"
    ran = invoke(
        "match", requests, *OFFERS, "-o", out, "--date", DAY, "--shortlist", "3", "--lang", "en-XA"
    )
    assert ran.exit_code == 0, ran.output
    outputs["match summary"] = ran.stderr.splitlines()[-1]
    outputs["matches.md"] = (out / "matches.md").read_text(encoding="utf-8")
    outputs["shortlist.md"] = (out / "shortlist.md").read_text(encoding="utf-8")
    # a delivered request, for the follow-up
    first = yaml.safe_load(requests.read_text())["requests"][0]["id"]
    for step in ("matched", "agreed", "delivered"):
        ran = invoke("request", "update", requests, first, "--status", step, "--date", DAY)
        assert ran.exit_code == 0, ran.output
    ran = invoke("request", "followup", requests, ARCADIA_LATER, "--lang", "en-XA")
    assert ran.exit_code == 0, ran.output
    outputs["follow-up"] = ran.stdout
    # ids of offers and kinds of assistance, and the command to run, are not words to translate
    ids = [
        "gapcheck request new",
        *(o["id"] for f in OFFERS for o in yaml.safe_load(f.read_text())["offers"]),
        *catalogue.assistance,
    ]
    for what, text in outputs.items():
        left = english_left(text, allowed=[*allowed, *ids])
        assert left == [], f"{what}: {left[:10]}"
    assert "gapcheck" not in outputs["matches.md"].split("\n", 1)[0]


# ------------------------------------------------------------------ fr, ar, zh


def _structure(letter: str, consents: dict[str, str]) -> list[tuple[str, str]]:
    """(reference, consent) of each request in the letter's details, in order: the consent
    read back from the words `consents` maps to it."""
    out: list[tuple[str, str]] = []
    for section in letter.split("\n### ")[1:]:
        reference = next(
            r for r in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", section) if r.count("-") >= 1
        )
        # the public consent's words begin with the members' words: the longest found is it
        found = sorted((w for w in consents if w in section), key=len)
        assert found and all(found[-1].startswith(w) for w in found), (reference, found)
        out.append((reference, consents[found[-1]]))
    return out


# The date 2026-06-01 and the salutation as each language writes them.
WRITTEN = {
    "fr": ("1 juin 2026", "Chers collègues", "Unité administrative du GCTF"),
    "ar": ("1 يونيو 2026", "الزملاء الأعزاء", "الوحدة الإدارية"),
    "zh": ("2026年6月1日", "各位同事", "全球反恐论坛行政股"),
}


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "ar", "zh"])
def test_letters_keep_the_requests_and_consents_of_the_english_letter(
    tmp_path: Path, catalogue: Catalogue, language: str
) -> None:
    q = MIXES["own-consents-default-from-shared"].write(tmp_path, "arcadia.yaml")
    (tmp_path / "en").mkdir()
    (tmp_path / language).mkdir()
    english_requests, english = _new(q, tmp_path / "en")
    requests, letter = _new(q, tmp_path / language, "--lang", language)
    assert (
        requests.read_text().split("catalogue_version")[1]
        == (english_requests.read_text().split("catalogue_version")[1])
    ), "the requests are the same data in every language"
    t = translator(language)
    english_words = {words: str(share) for share, words in SHARE_WORDS.items()}
    words = {t.gettext(w): str(share) for share, w in SHARE_WORDS.items()}
    assert len(set(words)) == len(Share), "every consent has its own words"
    shares = {r["id"]: r["share"] for r in yaml.safe_load(requests.read_text())["requests"]}
    structure = _structure(letter, words)
    assert structure == _structure(english, english_words)
    assert structure == [(i, shares[i]) for i, _ in structure]
    assert {s for _, s in structure} == {"unit", "providers", "members", "public"}
    day, salutation, unit = WRITTEN[language]
    assert day in letter and salutation in letter and unit in letter
    assert "Dear colleagues" not in letter and "Who may see this request" not in letter
    content = localise(catalogue, language)
    for reference, _ in structure:
        practice = reference[-4:].upper() if not reference.startswith("c-") else None
        if practice:
            assert content.by_id[practice].title in letter
    # the State's own words are never translated
    assert "Republic of Arcadia" in letter and "Mediterranean" in letter


def test_lang_beats_the_questionnaire_s_language(tmp_path: Path) -> None:
    text = ARCADIA.read_text(encoding="utf-8").replace(
        'state: "Republic of Arcadia"', 'state: "Republic of Arcadia"\nlanguage: fr'
    )
    q = tmp_path / "arcadia.yaml"
    q.write_text(text, encoding="utf-8")
    for folder, extra, salutation in (
        ("own", (), "Chers collègues"),
        ("asked", ("--lang", "zh"), "各位同事"),
        ("english", ("--lang", "en"), "Dear colleagues"),
    ):
        (tmp_path / folder).mkdir()
        _, letter = _new(q, tmp_path / folder, *extra)
        assert salutation in letter, folder
    french = (tmp_path / "own" / "requests.yaml").read_text(encoding="utf-8")
    assert "# Demandes d’assistance gapcheck" in french
    assert yaml.safe_load(french)["requests"][0]["status"] == "requested"


def test_english_is_the_same_with_or_without_lang_en(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    requests, plain = _new(ARCADIA, tmp_path / "a")
    _, asked = _new(ARCADIA, tmp_path / "b", "--lang", "en")
    assert plain == asked
    out = [
        invoke("match", requests, *OFFERS, "--date", DAY, *lang).stdout
        for lang in ((), ("--lang", "en"))
    ]
    assert out[0] == out[1] and out[0].startswith("# Requests for assistance matched")


def test_arabic_letter_in_word_is_right_to_left(tmp_path: Path) -> None:
    letters = {}
    for language in ("ar", "en"):
        letters[language] = tmp_path / f"letter-{language}.docx"
        ran = invoke(
            "request", "new", ARCADIA, "--letter", letters[language], "--date", DAY,
            "--lang", language, "-o", tmp_path / f"requests-{language}.yaml",
        )  # fmt: skip
        assert ran.exit_code == 0, ran.output
    doc = Document(str(letters["ar"]))
    body = doc.element.body
    paragraphs = list(body.iter(qn("w:p")))
    assert paragraphs and all(
        p.find(f"{qn('w:pPr')}/{qn('w:bidi')}") is not None for p in paragraphs
    )
    tables = list(body.iter(qn("w:tbl")))
    assert tables and all(
        t.find(f"{qn('w:tblPr')}/{qn('w:bidiVisual')}") is not None for t in tables
    )
    runs = [r for r in body.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    assert runs and all(r.find(f"{qn('w:rPr')}/{qn('w:rtl')}") is not None for r in runs)
    lang = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    assert lang is not None and lang.get(qn("w:bidi")) == "ar-SA"
    assert doc.core_properties.language == "ar-SA"
    assert doc.core_properties.title == "طلب مساعدة: Republic of Arcadia"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "الزملاء الأعزاء" in text and "Dear colleagues" not in text
    english = Document(str(letters["en"]))
    assert english.element.body.find(f".//{qn('w:bidi')}") is None
    assert english.core_properties.title == "Request for assistance: Republic of Arcadia"


def test_matches_in_french_keep_json_and_csv_language_neutral(tmp_path: Path) -> None:
    requests, _ = _new(ARCADIA, tmp_path)
    outs = {}
    for language in ("en", "fr"):
        outs[language] = tmp_path / language
        ran = invoke(
            "match", requests, *OFFERS, "-o", outs[language], "--date", DAY, "--lang", language
        )
        assert ran.exit_code == 0, ran.output
    assert ran.stderr.splitlines()[-1].endswith("(vue des prestataires)")
    for name in ("matches.json", "matches.csv"):
        assert (outs["en"] / name).read_bytes() == (outs["fr"] / name).read_bytes()
    json.loads((outs["fr"] / "matches.json").read_text())
    french = (outs["fr"] / "matches.md").read_text(encoding="utf-8")
    assert french.startswith("# Demandes d’assistance mises en correspondance avec les offres")
    assert "types d’aide en commun" in french and "kinds of help in common" not in french
    # numbers in French: a decimal comma in the scores
    assert re.search(r"\| \d+,\d\d \|", french)


# ------------------------------------------------------------- confidentiality


def _donor_outputs(requests: Path, folder: Path, language: str) -> dict[str, str]:
    """Everything members or providers may be given, in `language`."""
    out = folder / f"matches-{language}"
    ran = invoke(
        "match", requests, *OFFERS, "-o", out, "--date", DAY, "--shortlist", "3", "--lang", language
    )
    assert ran.exit_code == 0, ran.output
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(out.iterdir())}
    texts["summary"] = ran.stderr
    for args in (("request", "share", requests, "--date", DAY), ("request", "status", requests)):
        ran = invoke(*args, "-f", "md", "--lang", language)
        assert ran.exit_code == 0, ran.output
        texts[" ".join(map(str, args[:2]))] = ran.stdout
    return texts


@pytest.fixture(scope="module")
def consent_requests(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The requests files of every mix of consents, and one where every request is for
    providers by reference only (made once: they are the same data in every language)."""
    folder = tmp_path_factory.mktemp("consents")
    made = {}
    for name, mix in sorted(MIXES.items()):
        (folder / name).mkdir()
        made[name], _ = _new(mix.write(folder / name, mix.example), folder / name)
    (folder / "providers").mkdir()
    made["providers"], _ = _new(ARCADIA, folder / "providers", "--share", "providers")
    return made


@pytest.mark.slow  # every consent mix written and shared in three more languages
@pytest.mark.parametrize("language", ["ar", "zh", "en-XA"])
def test_confidentiality_is_the_same_in_every_language(
    tmp_path: Path, consent_requests: dict[str, Path], language: str
) -> None:
    # every request shown to providers by reference only: the State is never named
    for name, text in _donor_outputs(consent_requests["providers"], tmp_path, language).items():
        for secret in ("Arcadia", "Directorate of Prisons", "Head of the Rehabilitation Unit"):
            assert secret not in text, f"{secret!r} in {name} ({language})"
    # each mix of consents: a request for the Unit only is nowhere in what donors see, one
    # for providers only nowhere in what members see
    checked: set[str] = set()
    for name in MIXES:
        requests = consent_requests[name]
        folder = tmp_path / name
        folder.mkdir()
        shares = {r["id"]: r["share"] for r in yaml.safe_load(requests.read_text())["requests"]}
        texts = _donor_outputs(requests, folder, language)
        for rid, share in shares.items():
            seen_by_donors = [k for k, t in texts.items() if k != "request share" and rid in t]
            if share == "unit":
                assert not seen_by_donors, f"{name}: {rid} ({share}) in {seen_by_donors}"
            if share in ("unit", "providers"):
                assert rid not in texts["request share"], f"{name}: {rid} ({share}) shared"
        checked.update(shares.values())
    assert {"unit", "providers"} <= checked, "the mixes hold both kinds of hidden request"


def test_csv_and_json_lists_are_the_same_in_every_language(tmp_path: Path) -> None:
    requests, _ = _new(ARCADIA, tmp_path)
    for fmt in ("csv", "json"):
        lists: list[tuple[str | Path, ...]] = [("request", "share", requests)]
        lists.append(("offers", "share", *OFFERS))
        for args in lists:
            texts = {
                lang: invoke(*args, "-f", fmt, "--date", DAY, "--lang", lang).stdout
                for lang in ("en", "ar")
            }
            assert texts["en"] == texts["ar"] and texts["en"]
    # and the Arabic Markdown is Arabic: its heading and its dates
    ran = invoke("offers", "share", *OFFERS, "--date", DAY, "--lang", "ar")
    assert ran.stdout.startswith("# عروض المساعدة")
    assert "يونيو 2026" in ran.stdout
    assert io.StringIO(ran.stdout).readline().strip() != "# Offers of assistance shared"
