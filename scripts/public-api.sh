#!/usr/bin/env bash
# Records the public API of library projects: every symbol the public-API analyzer reports as undeclared (RS0016)
# is appended to the project's PublicAPI.Unshipped.txt, every declared symbol that no longer exists (RS0017) is
# removed. Names come from the analyzer itself (its SARIF log), so the file format is exactly what it checks.
# Usage: bash scripts/public-api.sh src/Core [src/Workers …] (references built first, in that order); review the diff.
set -uo pipefail
for project in "$@"; do
 for round in 1 2 3; do
  sarif="$(mktemp --suffix=.sarif)"
  dotnet build "$project" -c Release --no-incremental --no-dependencies -p:TreatWarningsAsErrors=false "-p:ErrorLog=$sarif%2Cversion=2.1" -nologo -v:q >/dev/null 2>&1 || true
  python3 - "$sarif" "$project" <<'PY'
import json, sys, os
sarif, project = sys.argv[1], sys.argv[2]
project_dir = os.path.abspath(project if os.path.isdir(project) else os.path.dirname(project))
added, removed = set(), set()
for run in json.load(open(sarif))["runs"]:
    for result in run.get("results", []):
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] if result.get("locations") else ""
        if project_dir not in uri:
            continue  # a referenced project's own diagnostics
        props = result.get("properties", {}).get("customProperties", {})
        if result["ruleId"] == "RS0016" and props.get("APIName"):
            added.add(props["APIName"])
        elif result["ruleId"] == "RS0017":
            removed.add(result["message"]["text"].split("'")[1])
for name in ("PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt"):
    path = os.path.join(project_dir, name)
    lines = [l.rstrip("\n") for l in open(path)] if os.path.exists(path) else ["#nullable enable"]
    body = [l for l in lines[1:] if l and l not in removed]
    if name == "PublicAPI.Unshipped.txt":
        body = sorted(set(body) | added)
    open(path, "w").write("\n".join([lines[0]] + body) + "\n")
print(f"{project}: +{len(added)} -{len(removed)}")
sys.exit(0 if added or removed else 3)
PY
  status=$?
  rm -f "$sarif"
  [ "$status" -eq 3 ] && break
 done
done
