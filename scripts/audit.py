"""Audit the pinned packages for known vulnerabilities: Python with pip-audit, npm with npm audit.

    python scripts/audit.py        (make audit)

Exit 0: no known vulnerability beyond those accepted in `audit-accepted.txt`.
Exit 1: a known vulnerability that is not accepted (each listed with its id and package).
Exit 2: an audit could not reach its vulnerability database, or could not check a package:
        it says which and why. An audit that checked nothing never passes.

`audit-accepted.txt` records the vulnerabilities accepted on purpose, one a line:
`ID PACKAGE REASON` (the advisory id, e.g. PYSEC-2024-1 or GHSA-xxxx-xxxx-xxxx, the package
name, and why it is accepted); `#` starts a comment.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCEPTED = ROOT / "audit-accepted.txt"
PIP_AUDIT = [sys.executable, "-m", "pip_audit", "-r", "requirements-dev.txt", "--format", "json"]
PIP_AUDIT += ["--progress-spinner", "off"]
NPM_AUDIT = ["npm", "audit", "--omit=dev", "--json"]
TIMEOUT = 600  # seconds for each audit


class AuditError(Exception):
    """An audit could not be done: its database did not answer, or a package was not checked."""


@dataclass(frozen=True)
class Finding:
    ids: tuple[str, ...]  # the advisory id first, then its aliases
    package: str
    detail: str

    def __str__(self) -> str:
        return f"{self.ids[0]} in {self.package}: {self.detail}"


def read_accepted(text: str, name: str = "audit-accepted.txt") -> dict[str, str]:
    """Return {advisory id: package} from the accepted file; raise AuditError for a line without a reason."""
    accepted = {}
    for number, line in enumerate(text.splitlines(), start=1):
        fields = line.split("#", 1)[0].split(maxsplit=2)
        if not fields:
            continue
        if len(fields) < 3:
            raise AuditError(f"{name}: line {number}: expected `ID PACKAGE REASON`, got {line.strip()!r}")
        accepted[fields[0]] = fields[1].lower()
    return accepted


def python_findings(report: dict) -> list[Finding]:
    """Return pip-audit's findings; raise AuditError when a package could not be audited."""
    dependencies = report.get("dependencies")
    if not isinstance(dependencies, list) or not dependencies:
        raise AuditError(f"pip-audit: no package was audited (its report: {json.dumps(report)[:200]})")
    skipped = [item for item in dependencies if item.get("skip_reason")]
    if skipped:
        raise AuditError(
            f"pip-audit could not audit {len(skipped)} of {len(dependencies)} packages "
            f"(first: {skipped[0]['skip_reason']}): its vulnerability service (PyPI's JSON API by default) "
            "did not answer for them"
        )
    return [
        Finding(
            (vuln["id"], *vuln.get("aliases", [])),
            item["name"],
            f"{item.get('version', '?')}, fixed in {', '.join(vuln.get('fix_versions') or ['no release yet'])}",
        )
        for item in dependencies
        for vuln in item.get("vulns", [])
    ]


def _advisory_id(via: dict) -> str:
    found = re.search(r"GHSA(-[0-9a-z]{4}){3}", str(via.get("url", "")))
    return found.group() if found else str(via.get("source", "?"))


def npm_findings(report: dict) -> list[Finding]:
    """Return npm audit's findings; raise AuditError when it could not reach its database."""
    if "error" in report or "statusCode" in report or "vulnerabilities" not in report:
        said = report.get("message") or report.get("error", {}).get("summary") or json.dumps(report)[:200]
        raise AuditError(f"npm audit could not reach the registry's advisory database: {said}")
    findings = []
    for name, entry in sorted(report["vulnerabilities"].items()):
        for via in entry.get("via", []):
            if isinstance(via, dict):  # a string names another vulnerable package, reported on its own
                findings.append(
                    Finding((_advisory_id(via),), name, f"{via.get('severity', '?')}: {via.get('title', '')}")
                )
    return findings


def unaccepted(findings: list[Finding], accepted: dict[str, str]) -> list[Finding]:
    """Return the findings whose id (or an alias) is not accepted for that package."""
    return [
        finding
        for finding in findings
        if not any(accepted.get(ident) == finding.package.lower() for ident in finding.ids)
    ]


def _run(command: list[str]) -> dict:
    try:
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        raise AuditError(f"{' '.join(command[:3])}: no answer in {TIMEOUT} s (is its database reachable?)") from None
    except FileNotFoundError as error:
        raise AuditError(f"{command[0]}: not installed ({error})") from None
    try:
        return json.loads(done.stdout)
    except ValueError:
        said = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise AuditError(f"{' '.join(command[:3])} gave no report (exit {done.returncode}): {said}") from None


def main() -> int:
    accepted_text = ACCEPTED.read_text(encoding="utf-8") if ACCEPTED.is_file() else ""
    code = 0
    try:
        accepted = read_accepted(accepted_text)
    except AuditError as error:
        print(f"audit: {error}", file=sys.stderr)
        return 2
    for label, command, findings_of in (("Python", PIP_AUDIT, python_findings), ("npm", NPM_AUDIT, npm_findings)):
        try:
            found = findings_of(_run(command))
        except AuditError as error:
            print(f"audit: {label} packages NOT audited: {error}", file=sys.stderr)
            code = 2
            continue
        left = unaccepted(found, accepted)
        for finding in left:
            print(f"audit: {label}: known vulnerability {finding}", file=sys.stderr)
        print(
            f"audit: {label}: {len(found)} known vulnerabilities, {len(found) - len(left)} accepted in {ACCEPTED.name}"
        )
        code = max(code, 1 if left else 0)
    return code


if __name__ == "__main__":
    sys.exit(main())
