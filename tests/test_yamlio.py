"""The one loader: positions, duplicate keys, encodings, unsafe tags, bombs; atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.errors import InputError
from gapcheck.yamlio import (
    MAX_DEPTH,
    Loader,
    load_yaml,
    parse_yaml,
    refuse_overwrite,
    write_atomic,
)


def _problems(text: str | bytes, tmp_path: Path) -> list[str]:
    f = tmp_path / "f.yaml"
    f.write_bytes(text if isinstance(text, bytes) else text.encode())
    with pytest.raises(InputError) as info:
        load_yaml(f)
    return [str(p).removeprefix(f"{f}") for p in info.value.problems]


def test_uses_libyaml_when_present() -> None:
    assert issubclass(Loader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def test_remembered_tags_are_pyyaml_s_own() -> None:
    # the same words plain and quoted, again and again: the resolver's memory of a plain
    # word's tag never leaks into a quoted one, nor one key's into another's
    words = ["yes", "no", "1", "1.5", "~", "null", "2026-01-01", ".inf", "0x1f", "en", "on", ""]
    lines = [f"k{i}: {w}\nq{i}: '{w}'\nl{i}: [{w or '~'}, '{w}']" for i, w in enumerate(words * 3)]
    text = "\n".join(lines) + "\n"
    assert parse_yaml(text, "t.yaml").data == yaml.load(text, Loader=yaml.SafeLoader)


def test_positions_of_keys_and_values() -> None:
    doc = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "t.yaml")
    assert doc.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert doc.position(("a",)) == (1, 4)
    assert doc.position(("a",), at_key=True) == (1, 1)
    assert doc.position(("b", 1, "c")) == (4, 9)
    assert doc.position(("b", 1, "nothing", "deeper")) == (4, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", ":2:1: duplicate key 'a' (first given on line 1); keep one"),
        ("x:\n  b: 1\n  b: 1\n", ":3:3: duplicate key 'b'"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            ":1:4: YAML tag !!python/object/apply:os.system",
        ),
        ("a: !custom 3\n", ":1:4: YAML tag !custom is not allowed"),
        ("a: !!binary aGVsbG8=\n", ":1:4: YAML tag !!binary is not allowed"),
        ("base: &b {x: 1}\nc:\n  <<: *b\n", ":3:3: merge keys (<<) are not supported"),
        ("a:\n\t- 1\n", ":2:1: invalid YAML: found character that cannot start any token"),
        ("a: b: c\n", ":1:5: invalid YAML: mapping values are not allowed"),
        ("", ": the file is empty"),
        ("# only a comment\n", ": the file is empty"),
        ("- 1\n- 2\n", ":1:1: the file should hold a YAML mapping"),
        ("a: \x07\n", ":1:4: control character #x0007 is not allowed"),
        ("a: 1\n---\nb: 2\n", "expected a single document"),
    ],
)
def test_bad_yaml_is_one_positioned_problem(text: str, expected: str, tmp_path: Path) -> None:
    (msg,) = _problems(text, tmp_path)
    assert expected in msg, msg


def test_tab_gets_a_hint(tmp_path: Path) -> None:
    (msg,) = _problems("a:\n\t- 1\n", tmp_path)
    assert msg.endswith("indent with spaces, not tabs")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("state: Bogotá\n".encode("latin-1"), ":1:13: file is not UTF-8 (byte 0xe1"),
        ("state: x\n".encode("utf-16"), ": file is saved as UTF-16"),
        ("state: x\n".encode("utf-16-le"), ": file is saved as UTF-16"),
    ],
)
def test_encodings(raw: bytes, expected: str, tmp_path: Path) -> None:
    (msg,) = _problems(raw, tmp_path)
    assert msg.startswith(expected), msg


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "bom.yaml"
    f.write_bytes(b"\xef\xbb\xbfstate: Arcadia\n")
    assert load_yaml(f).data == {"state": "Arcadia"}


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    (msg,) = _problems("\n".join(lines) + "\n", tmp_path)
    assert "alias bomb" in msg


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    msgs = _problems("a: &x [1, *x]\n", tmp_path)
    assert any("nested more than" in m or "alias" in m for m in msgs), msgs


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    depth = MAX_DEPTH + 5
    (msg,) = _problems("a: " + "[" * depth + "]" * depth + "\n", tmp_path)
    assert f"nested more than {MAX_DEPTH} levels" in msg


def test_directory_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="this is a folder"):
        load_yaml(tmp_path)
    with pytest.raises(InputError, match="file not found"):
        load_yaml(tmp_path / "missing.yaml")


def test_huge_file_is_refused(tmp_path: Path) -> None:
    (msg,) = _problems(b"a: " + b"x" * (6 * 1024 * 1024), tmp_path)
    assert "larger than 5 MB" in msg


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_data_or_a_clean_error(raw: bytes) -> None:
    from gapcheck.yamlio import decode

    try:
        doc = parse_yaml(decode(raw, "fuzz.yaml"), "fuzz.yaml")
    except InputError as e:
        assert all(str(p).startswith("fuzz.yaml:") for p in e.problems)
    else:
        assert isinstance(doc.data, dict)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda kids: (
            st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_plain_data_round_trips(data: object) -> None:
    text = yaml.safe_dump({"root": data}, allow_unicode=True)
    assert parse_yaml(text, "rt.yaml").data == yaml.load(text, Loader=yaml.SafeLoader)


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.md"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert sorted(os.listdir(target.parent)) == ["report.md"]


def test_write_atomic_keeps_usual_permissions(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.md"
    write_atomic(fresh, "x")
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    kept = tmp_path / "kept.md"
    kept.write_text("old")
    kept.chmod(0o640)
    write_atomic(kept, "new")
    assert kept.stat().st_mode & 0o777 == 0o640


def test_write_atomic_leaves_old_file_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("old")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(os.listdir(tmp_path)) == ["report.md"]


def test_refuse_overwrite_of_input(tmp_path: Path) -> None:
    src = tmp_path / "q.yaml"
    src.write_text("state: x\n")
    with pytest.raises(InputError, match="this is an input file"):
        refuse_overwrite(tmp_path / "." / "q.yaml", [src])
    refuse_overwrite(tmp_path / "other.md", [src])
