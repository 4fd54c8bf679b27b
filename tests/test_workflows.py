"""The CI publishing files: valid for GitHub Actions and GitLab CI (check-jsonschema's built-in schemas, which
work offline), and doing what README says: test, build with --strict, publish the output."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

GITHUB = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
CHECKER = Path(sys.executable).parent / "check-jsonschema"


def check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess:
    checker = str(CHECKER) if CHECKER.exists() else shutil.which("check-jsonschema")
    assert checker, "check-jsonschema is missing: pip install -r requirements-dev.txt"
    return subprocess.run([checker, "--builtin-schema", schema, str(path)], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize("schema,path", [
    ("vendor.github-workflows", GITHUB),
    ("custom.github-workflows-require-timeout", GITHUB),
    ("vendor.gitlab-ci", GITLAB),
])
def test_workflow_validates_against_its_schema(schema, path):
    result = check_jsonschema(schema, path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path):
    broken = tmp_path / "publish.yml"
    broken.write_text(GITHUB.read_text("utf-8").replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest"), "utf-8")
    assert check_jsonschema("vendor.github-workflows", broken).returncode != 0
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text(GITLAB.read_text("utf-8").replace("  stage: deploy", "  stage: deploy\n  when: sometimes"), "utf-8")
    assert check_jsonschema("vendor.gitlab-ci", broken).returncode != 0


def _run_lines(steps) -> str:
    return "\n".join(step.get("run", "") for step in steps)


def test_github_workflow_tests_builds_strictly_and_deploys_output():
    workflow = yaml.safe_load(GITHUB.read_text("utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "").split("@")[0] for step in build["steps"]]
    for action in ("actions/checkout", "actions/configure-pages", "actions/upload-pages-artifact"):
        assert action in uses, action
    # Python comes from setup-python or from the job's Debian Python image (where chromium is the real one).
    assert "actions/setup-python" in uses or build.get("container", "").startswith("python:3.11")
    assert "apt-get install" in _run_lines(build["steps"]) and "chromium" in _run_lines(build["steps"])
    commands = _run_lines(build["steps"])
    assert "pip install -r requirements-dev.txt" in commands and "pytest" in commands
    assert "python build.py build --strict --base-url" in commands
    assert commands.index("pytest") < commands.index("build.py build")
    assert next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))["with"]["path"] == "output/"
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}  # write access only where it deploys


def test_gitlab_pages_job_tests_builds_strictly_and_publishes_public():
    pipeline = yaml.safe_load(GITLAB.read_text("utf-8"))
    pages = pipeline["pages"]
    assert "public" in pages["artifacts"]["paths"]
    script = "\n".join(pages["script"])
    assert "pytest" in script and "build.py build --strict" in script and "--output public" in script
    setup = "\n".join(pipeline[pages["extends"]]["before_script"])
    assert "apt-get install" in setup and "chromium" in setup and "requirements-dev.txt" in setup


def test_requirements_the_workflows_install_exist_and_are_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        lines = [line.strip() for line in (ROOT / name).read_text("utf-8").splitlines()]
        packages = [line for line in lines if line and not line.startswith(("#", "-r"))]
        assert packages and all("==" in line for line in packages), name
