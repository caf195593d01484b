"""The bad-input corpus: every case of ``tests/bad_input/*.yaml``, at every door, fails cleanly.

A case (format in ``tests/bad_input/README.md``) is a command line, a web request or a Python call
with bad input. For every case the runner asserts:

* the door refuses it: exit status 2 (command line), an HTTP 4xx (web), an ``InputDataError`` or
  ``SituationParsingError`` (Python);
* the message names what is wrong: every fragment the case lists appears in it, and no traceback;
* nothing is half-written: (command line) nothing on standard output, so no number is printed; every
  file in the case's folder has the same bytes and mode as before, and no file appeared.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import stat
from pathlib import Path

import pytest
import yaml

from openfisca_ct_education.cli import main
from openfisca_ct_education.errors import InputDataError

CORPUS = Path(__file__).resolve().parent / "bad_input"
DOORS = ("cli", "web", "python")
SENTINEL = "an existing file that no failed command may change\n"


def _generators() -> dict:
    """Every function of ``tests/bad_input/generators*.py``, by name."""
    found = {}
    for path in sorted(CORPUS.glob("generators*.py")):
        spec = importlib.util.spec_from_file_location(f"bad_input_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found |= {name: value for name, value in vars(module).items() if callable(value) and not name.startswith("_")}
    return found


def _cases() -> list:
    cases = []
    for path in sorted(CORPUS.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            cases.append(pytest.param(case, id=f"{path.stem}::{case['id']}"))
    return cases


CASES = _cases()
GENERATORS = _generators()


def _generated(spec, tmp: Path):
    if isinstance(spec, dict) and "generate" in spec:
        arguments = {key: value for key, value in spec.items() if key != "generate"}
        return GENERATORS[spec["generate"]](tmp, **arguments)
    if isinstance(spec, dict) and "hex" in spec:
        return bytes.fromhex(spec["hex"])
    return spec


def _substitute(value, tmp: Path):
    if isinstance(value, str):
        return value.replace("{tmp}", str(tmp))
    if isinstance(value, list):
        return [_substitute(item, tmp) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, tmp) for key, item in value.items()}
    return value


def _snapshot(folder: Path) -> dict:
    """Every entry under ``folder``: its kind, mode and (for a regular file) bytes."""
    state = {}
    for path in sorted(folder.rglob("*")):
        status = os.lstat(path)
        content = path.read_bytes() if stat.S_ISREG(status.st_mode) else os.readlink(path) if stat.S_ISLNK(status.st_mode) else None
        state[str(path.relative_to(folder))] = (stat.S_IFMT(status.st_mode), stat.S_IMODE(status.st_mode), content)
    return state


def _check_message(text: str, expect: dict) -> None:
    fragments = expect.get("message")
    assert fragments, "a case must list at least one message fragment"
    assert "Traceback" not in text, text
    for fragment in fragments:
        assert str(fragment).casefold() in text.casefold(), f"{fragment!r} not in the message:\n{text}"
    for fragment in expect.get("absent") or []:
        assert str(fragment).casefold() not in text.casefold(), f"{fragment!r} is in the message:\n{text}"


def _run_cli(case, tmp: Path, monkeypatch) -> None:
    for name, content in (case.get("files") or {}).items():
        content = _generated(_substitute(content, tmp), tmp)
        target = tmp / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else str(content).encode("utf-8"))
    for name, target in (case.get("links") or {}).items():  # symbolic links: {name: target}
        os.symlink(_substitute(target, tmp), tmp / name)
    existing = tmp / "existing.txt"
    existing.write_text(SENTINEL, encoding="utf-8")
    existing.chmod(0o644)
    before = _snapshot(tmp)
    monkeypatch.chdir(tmp)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main([str(item) for item in _substitute(case["argv"], tmp)])
        except SystemExit as exit:  # argparse's own refusals
            status = exit.code
    expected = (case.get("expect") or {}).get("status", 2)
    assert status == expected, f"exit {status}, expected {expected}; stderr:\n{err.getvalue()}"
    _check_message(err.getvalue(), case["expect"])
    assert out.getvalue() == "", f"something was printed:\n{out.getvalue()[:2000]}"
    assert _snapshot(tmp) == before, "a file in the case's folder was changed, or a new one written"


@pytest.fixture(scope="module")
def web_client():
    from openfisca_ct_education.web.app import create_app

    return create_app().test_client()


def _run_web(case, tmp: Path, client) -> None:
    request = _generated(_substitute(case["request"], tmp), tmp)
    method = request.get("method", "POST").lower()
    arguments = {key: request[key] for key in ("json", "data", "headers", "content_type") if key in request}
    if "body" in request:
        arguments["data"] = _generated(request["body"], tmp)
        arguments.setdefault("content_type", "application/json")
    response = getattr(client, method)(request["path"], **arguments)
    expected = (case.get("expect") or {}).get("status")
    if expected is None:
        assert 400 <= response.status_code < 500, f"HTTP {response.status_code}: {response.get_data(as_text=True)[:500]}"
    else:
        assert response.status_code == expected, f"HTTP {response.status_code}: {response.get_data(as_text=True)[:500]}"
    _check_message(response.get_data(as_text=True), case["expect"])


def _run_python(case, tmp: Path) -> None:
    from openfisca_core.errors import SituationParsingError

    call = _generated(_substitute(case["call"], tmp), tmp)
    with pytest.raises((InputDataError, SituationParsingError)) as error:
        call()
    from openfisca_ct_education.errors import message_of

    _check_message(message_of(error.value), case["expect"])


def test_the_corpus_has_cases_at_every_door_it_names():
    assert CASES, "no case in tests/bad_input/*.yaml"
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "two cases of a file share an id"
    for case in CASES:
        assert case.values[0].get("door", "cli") in DOORS, case.id


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_cleanly(case, tmp_path, monkeypatch, request):
    door = case.get("door", "cli")
    if door == "cli":
        _run_cli(case, tmp_path, monkeypatch)
    elif door == "web":
        _run_web(case, tmp_path, request.getfixturevalue("web_client"))
    else:
        _run_python(case, tmp_path)
