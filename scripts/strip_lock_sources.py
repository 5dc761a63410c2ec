"""Remove the package index that `pipenv lock` writes into Pipfile.lock.

The repository must not name a package registry: with `"sources": []`, pipenv
installs from whatever index pip is configured to use on the machine.
The lock's hash covers the Pipfile only, so editing `_meta.sources` keeps it valid.
"""

import json
import sys
from pathlib import Path


def strip_sources(lock_path: Path) -> None:
    lock = json.loads(lock_path.read_text())
    lock["_meta"]["sources"] = []
    lock_path.write_text(json.dumps(lock, indent=4, sort_keys=True) + "\n")


if __name__ == "__main__":
    strip_sources(Path(sys.argv[1] if len(sys.argv) > 1 else "Pipfile.lock"))
