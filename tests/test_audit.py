"""The dependency audit (scripts/audit.py, `make audit`) fails on a known vulnerability that is not
accepted, and never passes an audit that could not reach its database (here, neither PyPI's JSON
API nor npm's advisory endpoint answers: both reports below are what they gave on this machine)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(_spec)
sys.modules["audit"] = audit  # dataclasses look their module up there
_spec.loader.exec_module(audit)

VULN = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-1", "GHSA-aaaa-bbbb-cccc"], "fix_versions": ["9.9"]}
PY_CLEAN = {"dependencies": [{"name": "jinja2", "version": "3.1.6", "vulns": []}], "fixes": []}
PY_VULN = {"dependencies": [{"name": "jinja2", "version": "3.1.6", "vulns": [VULN]}], "fixes": []}
PY_UNREACHED = {  # pip-audit exits 0 and prints "No known vulnerabilities found" for this
    "dependencies": [
        {
            "name": "streamlit",
            "skip_reason": "Dependency not found on PyPI and could not be audited: streamlit (1.67.0)",
        }
    ],
    "fixes": [],
}
NPM_CLEAN = {"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}
NPM_VULN = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "leaflet": {
            "name": "leaflet",
            "via": [
                {
                    "source": 1,
                    "title": "XSS",
                    "severity": "high",
                    "url": "https://github.com/advisories/GHSA-1111-2222-3333",
                }
            ],
        },
        "wrapper": {"name": "wrapper", "via": ["leaflet"]},
    },
}
NPM_UNREACHED = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk",
    "statusCode": 405,
}
ACCEPT_PY = "PYSEC-2099-1 jinja2 the affected filter is never used\n"
ACCEPT_ALIAS = "# by an alias\nCVE-2099-1 Jinja2 the affected filter is never used\n"
ACCEPT_OTHER_PACKAGE = "PYSEC-2099-1 folium wrong package\n"
ACCEPT_NPM = "GHSA-1111-2222-3333 leaflet the option is never set\n"

# (case, findings_of, report, accepted file, ids left unaccepted)
FOUND = [
    ("python clean", "python_findings", PY_CLEAN, "", []),
    ("python vulnerable", "python_findings", PY_VULN, "", ["PYSEC-2099-1"]),
    ("python accepted", "python_findings", PY_VULN, ACCEPT_PY, []),
    ("python accepted by alias", "python_findings", PY_VULN, ACCEPT_ALIAS, []),
    ("python accepted for another package", "python_findings", PY_VULN, ACCEPT_OTHER_PACKAGE, ["PYSEC-2099-1"]),
    ("npm clean", "npm_findings", NPM_CLEAN, "", []),
    ("npm vulnerable", "npm_findings", NPM_VULN, "", ["GHSA-1111-2222-3333"]),
    ("npm accepted", "npm_findings", NPM_VULN, ACCEPT_NPM, []),
]


@pytest.mark.parametrize(("case", "reader", "report", "accepted", "left"), FOUND, ids=[c for c, *_ in FOUND])
def test_findings_not_accepted_are_reported(case, reader, report, accepted, left):
    found = getattr(audit, reader)(report)
    assert [finding.ids[0] for finding in audit.unaccepted(found, audit.read_accepted(accepted))] == left


# (case, findings_of, report, what the error says)
UNREACHED = [
    ("pip-audit could not reach PyPI", "python_findings", PY_UNREACHED, "could not audit 1 of 1 packages"),
    ("pip-audit audited nothing", "python_findings", {"dependencies": []}, "no package was audited"),
    ("npm audit refused", "npm_findings", NPM_UNREACHED, "405 Method Not Allowed"),
    ("npm audit error", "npm_findings", {"error": {"code": "ENOAUDIT", "summary": "no endpoint"}}, "no endpoint"),
]


@pytest.mark.parametrize(("case", "reader", "report", "says"), UNREACHED, ids=[c for c, *_ in UNREACHED])
def test_an_audit_that_could_not_reach_its_database_fails(case, reader, report, says):
    with pytest.raises(audit.AuditError, match=says):
        getattr(audit, reader)(report)


@pytest.mark.parametrize("line", ["PYSEC-2099-1", "PYSEC-2099-1 jinja2", "PYSEC-2099-1 jinja2 # no reason"])
def test_an_accepted_line_needs_id_package_and_reason(line):
    with pytest.raises(audit.AuditError, match="line 1: expected `ID PACKAGE REASON`"):
        audit.read_accepted(line)


def test_the_accepted_file_of_the_repository_reads():
    audit.read_accepted((ROOT / "audit-accepted.txt").read_text(encoding="utf-8"))


def test_pip_audit_is_pinned_in_the_dev_requirements():
    assert "pip-audit==2.10.1" in (ROOT / "requirements-dev.txt").read_text(encoding="utf-8").splitlines()
