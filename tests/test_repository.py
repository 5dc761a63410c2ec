"""Rules of the repository itself: what the platform needs, and no registry named."""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path

from harness.server import procfile_command

ROOT = Path(__file__).resolve().parent.parent
# Hosts of package registries, spelled in pieces so this file does not name them.
REGISTRY_HOSTS = [
    "pypi" + ".org",
    "pythonhosted" + ".org",
    "pypi" + ".python.org",
    "registry" + ".npmjs.org",
    "npmjs" + ".com",
    "deb" + ".debian.org",
    "security" + ".debian.org",
    "crates" + ".io",
]


def _tracked_files() -> list[Path]:
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    return [ROOT / name for name in listing.stdout.decode().split("\0") if name]


def test_no_file_names_a_package_registry() -> None:
    files = _tracked_files()
    assert len(files) > 10
    offenders = []
    for path in files:
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace").lower()
        offenders += [
            f"{path.relative_to(ROOT)}: {host}" for host in REGISTRY_HOSTS if host in text
        ]
    assert offenders == []


def test_pipfile_has_no_source_block() -> None:
    pipfile = tomllib.loads((ROOT / "Pipfile").read_text())
    assert "source" not in pipfile
    assert {"aiohttp", "ephem", "gunicorn"} <= set(pipfile["packages"])
    assert pipfile["requires"]["python_version"] == "3.11"


def test_lock_names_no_source_and_pins_everything() -> None:
    lock = json.loads((ROOT / "Pipfile.lock").read_text())
    assert lock["_meta"]["sources"] == []
    for section in ("default", "develop"):
        for name, entry in lock[section].items():
            assert entry["version"].startswith("=="), name
            assert entry["hashes"], name
    assert {"aiohttp", "ephem", "gunicorn"} <= set(lock["default"])


def test_procfile_runs_gunicorn_with_aiohttps_worker_on_port() -> None:
    command = procfile_command()
    assert command.startswith("gunicorn planettracker.web.app:serve ")
    assert "--worker-class aiohttp.GunicornWebWorker" in command
    assert "${PORT:-8000}" in command


def test_readme_quick_start_is_make_run_and_make_test() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme
    assert "make test" in readme


def test_make_lock_strips_the_source_pipenv_writes(tmp_path: Path) -> None:
    lock = {
        "_meta": {"hash": {"sha256": "x"}, "sources": [{"name": "index", "url": "https://x"}]},
        "default": {},
        "develop": {},
    }
    path = tmp_path / "Pipfile.lock"
    path.write_text(json.dumps(lock))
    subprocess.run(
        ["python3", str(ROOT / "scripts" / "strip_lock_sources.py"), str(path)], check=True
    )
    stripped = json.loads(path.read_text())
    assert stripped["_meta"] == {"hash": {"sha256": "x"}, "sources": []}
    makefile = (ROOT / "Makefile").read_text()
    lock_recipe = makefile.split("\nlock:", 1)[1].split("\n\n", 1)[0]
    assert "pipenv lock" in lock_recipe
    assert "scripts/strip_lock_sources.py Pipfile.lock" in lock_recipe
