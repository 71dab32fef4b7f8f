"""The run command serves this machine only unless told otherwise (the data is personal)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _streamlit_command(*args: str) -> str:
    """What scripts/run.sh would execute, with exec replaced by echo (nothing is started)."""
    script = (ROOT / "scripts" / "run.sh").read_text()
    script = script.replace("bash scripts/setup.sh requirements.txt", ":")
    script = script.replace("exec .venv/bin/python", "echo .venv/bin/python")
    done = subprocess.run(["bash", "-c", script, "run.sh", *args], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return done.stdout


def test_the_dashboard_listens_on_loopback_by_default():
    assert "--server.address 127.0.0.1" in _streamlit_command()


def test_the_network_option_serves_every_interface_and_warns():
    script = (ROOT / "scripts" / "run.sh").read_text()
    assert "--server.address 0.0.0.0" in _streamlit_command("--network")
    assert "WITHOUT a login" in script


def test_an_unknown_option_is_refused():
    script = (ROOT / "scripts" / "run.sh").read_text().replace(
        "bash scripts/setup.sh requirements.txt", ":")
    done = subprocess.run(["bash", "-c", script, "run.sh", "--bogus"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 2 and "--network" in done.stderr


def test_the_uploader_refuses_what_the_importer_refuses():
    import tomllib

    from refdash.data.importing.read import MAX_FILE_BYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_FILE_BYTES
